import { openBook } from '@/lib/open-book';
import { serveValuations } from '@/lib/value/valuer';
import { broadcastChannel } from '@/lib/value/valuer-protocol';

// The whole-book valuation's thread (lib/value/valuer.ts). It writes to the book like any
// context, so it opens it with every room's reaction to writes.
serveValuations(openBook(), broadcastChannel());

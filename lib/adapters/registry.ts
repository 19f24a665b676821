import { gmail } from './gmail';
import { outlook } from './outlook';
import type { WebmailAdapter } from './types';

// Every webmail adapter, one file each in lib/adapters/. registry.test.ts fails
// when a file there is not listed here or has no fixture pages.

export const ADAPTERS: readonly WebmailAdapter[] = [gmail, outlook];

/** The adapter that reads pages at this address, if any. */
export function adapterFor(url: string): WebmailAdapter | undefined {
  return ADAPTERS.find((adapter) => adapter.matches(url));
}

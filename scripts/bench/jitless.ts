import { z } from 'zod';

// Imported first by every in-page bundle. Extension pages forbid eval, and zod
// decides whether to compile parsers when each schema is built, probing eval
// once; inside a DevTools evaluation that probe passes, and the compiled parser
// then fails later under the page's CSP. Saying so before any schema is built
// gives the behaviour the extension's own pages get.
z.config({ jitless: true });

import { insertReply, readOutlook } from '@/lib/adapters/outlook';
import { runContentScript } from '@/lib/adapters/content-runner';
import { webmailMatches } from '@/lib/webmail/hosts';

// Reads the open Outlook message and reports it to the background; nothing else.
// Outlook gives no same-origin raw source, so no headers are fetched here.
export default defineContentScript({
  matches: webmailMatches('outlook'),
  runAt: 'document_idle',
  main(ctx) {
    runContentScript(ctx, browser.runtime, {
      read: readOutlook,
      insertReply: (doc, text) => insertReply(doc, text),
      attributes: ['hidden', 'style', 'aria-expanded', 'aria-selected'],
    });
  },
});

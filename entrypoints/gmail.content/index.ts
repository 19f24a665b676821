import { insertReply, readGmail, reportRawHeaders } from '@/lib/adapters/gmail';
import { runContentScript } from '@/lib/adapters/content-runner';
import { webmailMatches } from '@/lib/webmail/hosts';

// Reads the open Gmail message and reports it to the background; nothing else.
export default defineContentScript({
  matches: webmailMatches('gmail'),
  runAt: 'document_idle',
  main(ctx) {
    runContentScript(ctx, browser.runtime, {
      read: readGmail,
      insertReply: (doc, text) => insertReply(doc, text),
      // "Show original" is fetched once per message, same origin and session, for the origin lookup.
      onNewMessage: (messageId, send) =>
        void reportRawHeaders({
          doc: document,
          loc: location,
          messageId,
          fetch: (u, i) => fetch(u, i),
          send,
        }),
      attributes: ['style', 'aria-expanded'],
    });
  },
});

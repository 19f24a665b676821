// A Gmail thread as the reply tracker sees it (lib/reminders/noReply.ts), for its tests and
// the tests of what closes a "no reply yet".

/** Thread t1 of the rep me@exporter.cn with these messages. */
export const seenThread = (messages: { from: string; date: number }[]) => ({
  threadId: 't1',
  url: 'https://mail.google.com/mail/u/0/#inbox/t1',
  subject: 'Inquiry',
  account: 'me@exporter.cn',
  messages,
});

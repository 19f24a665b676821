// The background service as its unit tests run it: on wxt's fake browser, with no reminders
// notified before, two days before "no reply yet", nothing logged, and each test's own deps on top.
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackgroundService, type BackgroundService, type ServiceDeps } from '@/lib/background/service';

/** A webmail tab's content script (Gmail, tab 7 unless told). */
export const gmailSender = (hash = 'abc', tabId = 7) => ({
  id: fakeBrowser.runtime.id,
  url: `https://mail.google.com/mail/u/0/#inbox/${hash}`,
  tab: { id: tabId },
});

/** The side panel: an extension page. */
export const panelSender = () => ({
  id: fakeBrowser.runtime.id,
  url: `chrome-extension://${fakeBrowser.runtime.id}/sidepanel.html`,
});

/**
 * What Gmail's content script reports for Hans Müller's open inquiry (thread-1): `date` and `thread`
 * only when a test gives them (the message's time and the thread's earlier messages).
 */
export const inquiryPageState = (
  extra: { date?: number; thread?: { from: string; date: number }[] } = {},
) => ({
  kind: 'inquiry' as const,
  inquiry: {
    webmail: 'gmail' as const,
    account: 'rep@exporter.cn',
    threadId: 'thread-1',
    messageId: 'msg-1',
    url: 'https://mail.google.com/mail/u/0/#inbox/thread-1',
    from: { name: 'Hans Müller', email: 'hans@mueller-bau.de' },
    subject: 'Price for LED panels',
    bodyText: 'Please quote 2000 pcs.',
    ...extra,
  },
});

export function testService(
  deps: Pick<ServiceDeps, 'db'> & Partial<Omit<ServiceDeps, 'db'>>,
): BackgroundService {
  return createBackgroundService({
    browser: fakeBrowser as unknown as ServiceDeps['browser'],
    enrichers: () => ({}),
    noReplyDays: async () => 2,
    notified: { get: async () => [], set: async () => undefined },
    log: () => undefined,
    ...deps,
  });
}

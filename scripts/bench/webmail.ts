import type { BrowserContext, Page, Worker } from '@playwright/test';
import { DEMO_MAILBOX_URL } from '../../test/support/webmail-routes';
import type { Sender } from './protocol';
import { summarize, type Latency } from './stats';

// The end-to-end figures on the fixture Gmail mailbox: a rep clicks a thread in
// the inbox list, the content script reports the open email, the background
// enriches it, the side panel renders the card. Timestamps are
// performance.timeOrigin + performance.now() in each context: one clock across
// the pages and the service worker of one browser.

/** A thread of the fixture mailbox and the sender its card shows. */
export interface MailboxThread {
  threadId: string;
  sender: Sender;
}

export interface Mailbox {
  gmail: Page;
  panel: Page;
  threads: MailboxThread[];
}

const VISIBLE_CARD = '[data-testid="card"] [data-testid="sender-email"]';

/** The fixture mailbox's thread ids, from its inbox list. */
async function threadIds(gmail: Page): Promise<string[]> {
  await gmail.locator('tr[data-thread]').first().waitFor();
  return gmail
    .locator('tr[data-thread]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-thread') ?? ''));
}

/** Back to the inbox list, and the panel's "no email open" state, so the next click starts from rest. */
async function toInbox(mailbox: { gmail: Page; panel: Page }): Promise<void> {
  await mailbox.gmail.evaluate(() => {
    if (location.hash !== '#inbox') location.hash = '#inbox';
  });
  await mailbox.gmail.locator('tr[data-thread]').first().waitFor();
  // A slow background may still be broadcasting the previous card: wait for it, but never fail on it.
  await mailbox.panel
    .getByTestId('no-email')
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
}

/**
 * Opens the fixture mailbox and the side panel (as a tab, as the e2e suite
 * does), then opens each thread once to learn which sender its card shows.
 */
export async function openMailbox(
  context: BrowserContext,
  extensionId: string,
  options: { maxThreads?: number } = {},
): Promise<Mailbox> {
  const gmail = await context.newPage();
  await gmail.goto(DEMO_MAILBOX_URL);
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const threads: MailboxThread[] = [];
  for (const threadId of (await threadIds(gmail)).slice(0, options.maxThreads ?? Infinity)) {
    await toInbox({ gmail, panel });
    await gmail.locator(`tr[data-thread="${threadId}"]`).click();
    const shown = await panel
      .locator(VISIBLE_CARD)
      .textContent({ timeout: 10_000 })
      .catch(() => null);
    if (!shown) continue;
    const name = (await panel.getByTestId('sender-name').textContent()) ?? '';
    threads.push({ threadId, sender: { email: shown.trim(), name: name.trim() } });
  }
  return { gmail, panel, threads };
}

/** Unique senders of the mailbox's cards: the anchors of the synthetic book. */
export function mailboxSenders(mailbox: Pick<Mailbox, 'threads'>): Sender[] {
  const seen = new Map<string, Sender>();
  for (const { sender } of mailbox.threads) if (!seen.has(sender.email)) seen.set(sender.email, sender);
  return [...seen.values()];
}

export interface PanelLatency {
  /** The first open after the book was written (not among the runs below): caches cold. */
  first: number;
  /** Click on a thread row → the panel's card shows that thread's sender. */
  total: Latency;
  /**
   * The message shown (its body's text put in the page by the webmail) → the card shows its
   * sender: the open without the webmail's own drawing on the click. The goal is judged on
   * `total` (the "email open"); this tells the webmail's share apart from ours.
   */
  shown: Latency;
  /** Click → the content script's page/state reaches the background. */
  contentScript: Latency;
  /** page/state received → the panel receives panel/changed (enrichment, and the view sent on the panel's port). */
  background: Latency;
  /** panel/changed received → the card is in the panel's DOM (React render). */
  render: Latency;
  /** How the pages saw themselves (hidden tabs would throttle timers). */
  visibility: { gmail: string; panel: string };
  /** Every run in order (ms, 0.1 precision), so an outlier can be placed: the first open, a worker restart. */
  samples: {
    /** When each open's click happened (epoch ms), to place it against the background's warm-up marks. */
    clickedAt: number[];
    total: number[];
    shown: number[];
    contentScript: number[];
    background: number[];
    render: number[];
  };
}

/**
 * Listens in the service worker for the content script's page/state messages, on the pages' port
 * (lib/messages PAGE_PORT) and as one-off messages. Call it before the mailbox page opens: the
 * port is opened by the page's first report, and a port opened earlier is not seen.
 */
export async function listenInWorker(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const g = globalThis as unknown as { __benchArrivals?: { at: number; email: string }[] };
    if (g.__benchArrivals) return;
    // No named functions in here: the evaluated source must not need the bundler's helpers.
    g.__benchArrivals = [];
    chrome.runtime.onMessage.addListener((message: unknown) => {
      const m = message as { type?: string; state?: { inquiry?: { from?: { email?: string } } } };
      if (m?.type === 'page/state')
        g.__benchArrivals!.push({
          at: performance.timeOrigin + performance.now(),
          email: (m.state?.inquiry?.from?.email ?? '').toLowerCase(),
        });
    });
    chrome.runtime.onConnect.addListener((port) => {
      if (port.name !== 'page') return;
      port.onMessage.addListener((message: unknown) => {
        const m = message as { type?: string; state?: { inquiry?: { from?: { email?: string } } } };
        if (m?.type === 'page/state')
          g.__benchArrivals!.push({
            at: performance.timeOrigin + performance.now(),
            email: (m.state?.inquiry?.from?.email ?? '').toLowerCase(),
          });
      });
    });
  });
}

/**
 * Email open → card rendered, `runs` times, cycling through the mailbox's
 * threads. Each run starts from the inbox list with the panel at rest, clicks a
 * row, and waits for the card to show that row's sender.
 */
const tenth = (ms: number) => Math.round(ms * 10) / 10;

export async function measurePanelLatency(
  mailbox: Mailbox,
  worker: Worker,
  runs: number,
): Promise<PanelLatency> {
  const { gmail, panel, threads } = mailbox;
  if (threads.length === 0) throw new Error('the fixture mailbox showed no card');
  await listenInWorker(worker);
  await panel.evaluate(() => {
    const g = globalThis as unknown as { __benchBroadcasts?: { at: number; email: string }[] };
    if (g.__benchBroadcasts) return;
    g.__benchBroadcasts = [];
    // Builds from before the panel's port broadcast every view: heard here. A later build sends
    // views on the panel's own port, and the panel marks each one (read below).
    // No named functions in here: the evaluated source must not need the bundler's helpers.
    chrome.runtime.onMessage.addListener((message: unknown) => {
      const m = message as { type?: string; view?: { card?: { counterpart?: { email?: string } } | null } };
      if (m?.type === 'panel/changed')
        g.__benchBroadcasts!.push({
          at: performance.timeOrigin + performance.now(),
          email: m.view?.card?.counterpart?.email ?? '',
        });
    });
  });
  const clicks: number[] = [];
  const total: number[] = [];
  const shown: number[] = [];
  const content: number[] = [];
  const background: number[] = [];
  const render: number[] = [];
  // Run -1 is the first open after the book was written: reported apart, as the cold case.
  let first = Number.NaN;
  for (let run = -1; run < runs; run++) {
    const { threadId, sender } = threads[(run + threads.length) % threads.length]!;
    await toInbox(mailbox);
    // Arm the panel's observer before the click, then click from inside the page with its timestamp.
    await panel.evaluate((expected) => {
      const g = globalThis as unknown as { __benchCard?: Promise<number> };
      // No named functions in here: the evaluated source must not need the bundler's helpers.
      g.__benchCard = new Promise<number>((resolve) => {
        new MutationObserver((_records, observer) => {
          const el = document.querySelector('[data-testid="card"] [data-testid="sender-email"]');
          if (!el?.textContent?.includes(expected)) return;
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    }, sender.email);
    const clickedAt = await gmail.evaluate((id) => {
      const row = document.querySelector<HTMLElement>(`tr[data-thread="${id}"]`);
      if (!row) throw new Error(`no row for thread ${id}`);
      // The message shown: its body's text is in the page (the webmail's own drawing done), the
      // moment the webmail's script put it there.
      const g = globalThis as unknown as { __benchShown?: Promise<number> };
      g.__benchShown = new Promise<number>((resolve) => {
        new MutationObserver((_records, observer) => {
          const body = document.querySelector('.a3s');
          if (!body?.textContent?.trim()) return;
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      const at = performance.timeOrigin + performance.now();
      row.click();
      return at;
    }, threadId);
    const cardAt = await panel.evaluate(
      () => (globalThis as unknown as { __benchCard: Promise<number> }).__benchCard,
    );
    const shownAt = await gmail.evaluate(
      () => (globalThis as unknown as { __benchShown: Promise<number> }).__benchShown,
    );
    const arrivedAt = await worker.evaluate(
      ([email, after]) =>
        (globalThis as unknown as { __benchArrivals: { at: number; email: string }[] }).__benchArrivals.find(
          (a) => a.email === email && a.at >= after,
        )?.at ?? Number.NaN,
      [sender.email, clickedAt] as const,
    );
    // The panel marks each view it takes (components/panel/usePanelView.ts VIEW_MARK); a build
    // without the mark is timed by the bench's own listeners.
    const broadcastAt = await panel.evaluate(
      ([email, after]) =>
        performance
          .getEntriesByName('view:received')
          .map((m) => ({
            at: performance.timeOrigin + m.startTime,
            email: String((m as PerformanceMark).detail ?? ''),
          }))
          .find((b) => b.email === email && b.at >= after)?.at ??
        (
          globalThis as unknown as { __benchBroadcasts: { at: number; email: string }[] }
        ).__benchBroadcasts.find((b) => b.email === email && b.at >= after)?.at ??
        Number.NaN,
      [sender.email, clickedAt] as const,
    );
    if (run < 0) {
      first = cardAt - clickedAt;
      continue;
    }
    clicks.push(clickedAt);
    total.push(cardAt - clickedAt);
    shown.push(cardAt - shownAt);
    content.push(arrivedAt - clickedAt);
    background.push(broadcastAt - arrivedAt);
    render.push(cardAt - broadcastAt);
  }
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  return {
    first,
    total: summarize(total),
    shown: summarize(finite(shown)),
    contentScript: summarize(finite(content)),
    background: summarize(finite(background)),
    render: summarize(finite(render)),
    visibility: {
      gmail: await gmail.evaluate(() => document.visibilityState),
      panel: await panel.evaluate(() => document.visibilityState),
    },
    samples: {
      clickedAt: clicks.map(Math.round),
      total: total.map(tenth),
      shown: shown.map(tenth),
      contentScript: content.map(tenth),
      background: background.map(tenth),
      render: render.map(tenth),
    },
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: {
    name?: string;
    data?: { url?: string; frames?: { processId?: number; url?: string }[]; processId?: number };
  };
}

export interface LongestTask {
  /** The longest main-thread task of the mailbox page while it loads and a rep opens threads. */
  longestTaskMs: number;
  /** The longest of those tasks in which the content script ran. */
  longestContentTaskMs: number;
  /**
   * The most time the content script's own code took within one task: what the extension adds
   * to the page's longest task (the rest of such a task is the webmail's own work, e.g. drawing
   * the message on the click the content script answers).
   */
  longestOwnMs: number;
  /** Time spent running the content script's code over the whole session. */
  contentScriptMs: number;
  tasks: number;
}

/**
 * Traces the mailbox tab (DevTools tracing) while it reloads and opens every
 * thread `rounds` times, and finds its renderer main thread's longest tasks.
 */
export async function measureLongestTask(mailbox: Mailbox, rounds: number): Promise<LongestTask> {
  const { gmail, threads } = mailbox;
  const cdp = await gmail.context().newCDPSession(gmail);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => {
    events.push(...(value as unknown as TraceEvent[]));
  });
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'toplevel',
        '__metadata',
      ],
      excludedCategories: ['*'],
    },
  });
  await gmail.reload();
  for (let round = 0; round < rounds; round++)
    for (const { threadId } of threads) {
      await toInbox(mailbox);
      await gmail.locator(`tr[data-thread="${threadId}"]`).click();
      await mailbox.panel
        .locator(VISIBLE_CARD)
        .waitFor({ timeout: 30_000 })
        .catch(() => undefined);
      // Let the content script's debounced read run inside the trace.
      await gmail.waitForTimeout(400);
    }
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return longestTasks(events);
}

/** Main-thread tasks of the mail.google.com renderer, and which of them ran the content script. */
export function longestTasks(events: readonly TraceEvent[]): LongestTask {
  const pids = new Set<number>();
  for (const e of events) {
    const data = e.args?.data;
    for (const frame of data?.frames ?? [])
      if (frame.url?.startsWith('https://mail.google.com') && frame.processId) pids.add(frame.processId);
    if (data?.url?.startsWith('https://mail.google.com') && data.processId) pids.add(data.processId);
  }
  const mainThreads = new Set(
    events
      .filter(
        (e) =>
          e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && pids.has(e.pid),
      )
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = (e: TraceEvent) =>
    mainThreads.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur !== undefined;
  const tasks = events.filter(
    (e) => onMain(e) && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
  );
  const ours = events.filter(
    (e) =>
      onMain(e) &&
      (e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'v8.callFunction') &&
      e.args?.data?.url?.startsWith('chrome-extension://'),
  );
  let longestContentTaskMs = 0;
  // Our own time per task: calls nested in another of ours (one call seen as two events) once.
  const own = new Map<TraceEvent | undefined, { end: number; ms: number }>();
  for (const call of [...ours].sort((a, b) => a.ts - b.ts)) {
    const task = tasks.find((t) => t.ts <= call.ts && call.ts <= t.ts + t.dur!);
    longestContentTaskMs = Math.max(longestContentTaskMs, (task?.dur ?? call.dur!) / 1000);
    const sum = own.get(task) ?? { end: 0, ms: 0 };
    const end = call.ts + call.dur!;
    if (end > sum.end) sum.ms += (end - Math.max(call.ts, sum.end)) / 1000;
    sum.end = Math.max(sum.end, end);
    own.set(task, sum);
  }
  return {
    longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.dur! / 1000), 0),
    longestContentTaskMs,
    longestOwnMs: [...own.values()].reduce((m, o) => Math.max(m, o.ms), 0),
    contentScriptMs: ours.reduce((s, c) => s + c.dur! / 1000, 0),
    tasks: tasks.length,
  };
}

/** What the background counted per opened message (lib/background/card.ts, the card/counts message). */
export interface CardCounts {
  /** Messages opened while the counts were kept. */
  messages: number;
  opens: number;
  builds: number;
  updates: number;
  /** Card builds per opening (goal 1). */
  buildsPerOpen: number;
  updatesPerOpen: number;
}

/** Asks the background, from the side panel, how many times it built and updated each opened card. */
/** The background's warm-up marks (entrypoints/background: `warm:*`), as epoch ms. */
export async function warmMarks(worker: Worker): Promise<{ name: string; at: number }[]> {
  return worker.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('warm:'))
      .map((m) => ({ name: m.name, at: Math.round(performance.timeOrigin + m.startTime) })),
  );
}

export async function cardCounts(panel: Page): Promise<CardCounts> {
  const counts = await panel.evaluate(
    () =>
      chrome.runtime.sendMessage({ type: 'card/counts' }) as Promise<
        Record<string, { opens: number; builds: number; updates: number }> | undefined
      >,
  );
  const all = Object.values(counts ?? {});
  const sum = (key: 'opens' | 'builds' | 'updates') => all.reduce((s, c) => s + c[key], 0);
  const opens = sum('opens');
  return {
    messages: all.length,
    opens,
    builds: sum('builds'),
    updates: sum('updates'),
    buildsPerOpen: opens ? sum('builds') / opens : Number.NaN,
    updatesPerOpen: opens ? sum('updates') / opens : Number.NaN,
  };
}

/** The difference of two readings of the counts: what the runs between them did. */
export function countsBetween(before: CardCounts, after: CardCounts): CardCounts {
  const opens = after.opens - before.opens;
  const builds = after.builds - before.builds;
  const updates = after.updates - before.updates;
  return {
    messages: after.messages,
    opens,
    builds,
    updates,
    buildsPerOpen: opens ? builds / opens : Number.NaN,
    updatesPerOpen: opens ? updates / opens : Number.NaN,
  };
}

/**
 * Watches the mailbox page's long tasks (PerformanceObserver 'longtask': every main-thread
 * task over 50 ms) from now on; longTasksSeen reads them. The page's own view of itself, beside
 * the trace of measureLongestTask.
 */
export async function observeLongTasks(gmail: Page): Promise<void> {
  await gmail.evaluate(() => {
    const g = globalThis as unknown as { __benchLongTasks?: number[] };
    g.__benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) g.__benchLongTasks!.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks seen since observeLongTasks: how many, and the longest (0 when none). */
export async function longTasksSeen(gmail: Page): Promise<{ count: number; longestMs: number }> {
  const tasks = await gmail.evaluate(
    () => (globalThis as unknown as { __benchLongTasks?: number[] }).__benchLongTasks ?? [],
  );
  return { count: tasks.length, longestMs: tasks.reduce((m, t) => Math.max(m, t), 0) };
}

import type { CrmDb } from '../db/db';
import type { EmailInquiry, PageState } from '../email';
import { enrichInquiry, withOrigin, type Enrichers } from '../enrich/enrich';
import type { MailHeaders } from '../mail/parse';
import type { PanelView } from '../messages';
import type { QuietReason } from '../privacy/neverLog';
import { cardShows, touchesCard, type CardShows } from './card-shows';
import type { ReadEntry } from './feed';
import type { Foreground } from './foreground';

// One card per opened message. The background builds the card of the open message once, from
// what the page sent about it; when the message's raw headers arrive (Gmail fetches them a
// moment after the page) only the origin slot and its risk are read again; and the card is read
// again only when the change feed says a record it shows was written, from any context. The
// panel is sent every view and asks for nothing.
//
// The work runs one piece at a time, newest wish first: opening another message (or leaving for
// the inbox) is never queued behind an update of the card the rep left, and a piece of work whose
// message is no longer the one open is not sent.

/** How long an update of the card waits for the value of the company it shows to be recomputed. */
export const VALUE_WAIT_MS = 300;

/** What happened to the cards of one opened message (the tests' and the benchmark's counter). */
export interface CardCount {
  /** Times the message was opened (a card wanted for it). */
  opens: number;
  /** Cards built from the page's state: one per opening. */
  builds: number;
  /** The origin read again when the raw headers arrived after the card. */
  origins: number;
  /** Updates sent because a record the card shows changed, or the page said more about the message. */
  updates: number;
  /** Updates the feed asked for that found nothing new to show (not sent). */
  unchanged: number;
}

/** Counters are kept for this many messages, newest first. */
const COUNTED_MESSAGES = 200;

export interface CardKeeperDeps {
  db: CrmDb;
  enrichers: (inquiry: EmailInquiry, headers: MailHeaders | null) => Promise<Enrichers> | Enrichers;
  quietReason?: (inquiry: EmailInquiry) => Promise<QuietReason | null>;
  /** Sends a view to the open panels (none open is normal). */
  send: (view: PanelView) => Promise<void>;
  /** Resolves when the value recomputes queued so far are written (lib/value/scheduler.ts). */
  valuesIdle?: () => Promise<void>;
  log: (message: string) => void;
  valueWaitMs?: number;
  /** Where the card's work runs ahead of background slices (lib/background/foreground.ts). */
  foreground?: Pick<Foreground, 'run'>;
}

/** What the page says is open in a tab, and the raw headers of its message when the page sent them. */
export interface Shown {
  tabId: number | null;
  state: PageState | null;
  /** The open message's parsed headers: undefined while the page has sent none. */
  headers: () => Promise<MailHeaders | null | undefined>;
}

/** The card's message: its id, else its thread and address (webmails that give no message id). */
export function messageKey(inquiry: EmailInquiry): string {
  return inquiry.messageId || `${inquiry.threadId}|${inquiry.url}`;
}

interface Open {
  shown: Shown;
  key: string | null;
  view: PanelView;
  /** The records the card shows (null for a view without a card). */
  shows: CardShows | null;
  /** Whether the card was built with the message's raw headers. */
  withHeaders: boolean;
}

export function createCardKeeper(deps: CardKeeperDeps) {
  const { db, log } = deps;
  const valueWaitMs = deps.valueWaitMs ?? VALUE_WAIT_MS;
  const first = <T>(work: () => Promise<T>): Promise<T> =>
    deps.foreground ? deps.foreground.run(work) : work();
  const counts = new Map<string, CardCount>();

  /** What the rep has open now, as last reported. */
  let wanted: Shown = { tabId: null, state: null, headers: async () => undefined };
  /** The view last sent, and what it was built from. */
  let open: Open = { shown: wanted, key: null, view: emptyView(null, null), shows: null, withHeaders: false };
  let building = false;
  /** The piece of work the loop is running now. */
  let piece: 'build' | 'origin' | 'update' | null = null;
  /** A card built beside an update in flight (the rep opened another message meanwhile). */
  let sideBuild: Promise<void> | null = null;
  const pending = { open: false, origin: false, update: false };
  /** Resolves a wait for values when the rep opens something else, so the open never waits for it. */
  let interrupt: (() => void) | null = null;
  let idle: Promise<void> = Promise.resolve();

  function countOf(key: string): CardCount {
    let count = counts.get(key);
    if (!count) {
      count = { opens: 0, builds: 0, origins: 0, updates: 0, unchanged: 0 };
      counts.set(key, count);
      if (counts.size > COUNTED_MESSAGES) counts.delete(counts.keys().next().value!);
    }
    return count;
  }

  const keyOf = (state: PageState | null) => (state?.kind === 'inquiry' ? messageKey(state.inquiry) : null);
  const stillWanted = (shown: Shown) => shown === wanted;

  async function send(next: Open): Promise<void> {
    open = next;
    await deps.send(next.view);
  }

  /** Builds the view of what is wanted now: a card for an email, else the page's state alone. */
  async function build(shown: Shown): Promise<void> {
    const { tabId, state } = shown;
    const key = keyOf(state);
    if (state?.kind !== 'inquiry' || key === null) {
      await send({ shown, key, view: emptyView(tabId, state), shows: null, withHeaders: false });
      return;
    }
    // The book is read while the privacy settings and the message's headers are looked up: one
    // wait instead of three in a row. The analyses start only once the message is known not to be
    // quiet (never-log mail is never analysed); a quiet message's read is dropped unseen.
    const quietAsked = deps.quietReason?.(state.inquiry) ?? Promise.resolve(null);
    const headersAsked = shown.headers().then((headers) => headers ?? null);
    const viewAsked = cardView(
      tabId,
      state,
      Promise.all([quietAsked, headersAsked]).then(([quiet, headers]) =>
        quiet ? {} : deps.enrichers(state.inquiry, headers),
      ),
    );
    viewAsked.catch(() => undefined);
    const quiet = (await quietAsked) ?? null;
    if (quiet) {
      if (stillWanted(shown))
        await send({
          shown,
          key,
          view: { ...emptyView(tabId, state), quiet },
          shows: null,
          withHeaders: false,
        });
      return;
    }
    const count = countOf(key);
    count.opens++;
    const view = await viewAsked;
    if (!stillWanted(shown)) return;
    count.builds++;
    const withHeaders = (await headersAsked) !== null;
    await send({ shown, key, view, shows: view.card ? cardShows(view.card) : null, withHeaders });
  }

  async function cardView(
    tabId: number | null,
    state: PageState & { kind: 'inquiry' },
    enrichers: Enrichers | Promise<Enrichers>,
  ) {
    // Awaited once the book is read; a failure then lands in the catch below, never unhandled.
    if (enrichers instanceof Promise) enrichers.catch(() => undefined);
    try {
      const card = await enrichInquiry(db, state.inquiry, enrichers);
      return { ...emptyView(tabId, state), card };
    } catch (error) {
      log(`enrichment failed: ${String(error)}`);
      return { ...emptyView(tabId, state), error: String(error) };
    }
  }

  /** The raw headers came after the card: its origin and risk, read again from them. */
  async function reoriginate(): Promise<void> {
    const current = open;
    const card = current.view.card;
    if (!card || current.withHeaders || current.key === null) return;
    const headers = await current.shown.headers();
    if (!headers) return;
    try {
      const next = await withOrigin(db, card, await deps.enrichers(card.inquiry, headers));
      if (open !== current || !stillWanted(current.shown)) return;
      countOf(current.key).origins++;
      await send({ ...current, view: { ...current.view, card: next }, withHeaders: true });
    } catch (error) {
      log(`origin failed: ${String(error)}`);
    }
  }

  /** A record the card shows changed: read the card again, and send it if it shows anything new. */
  async function update(): Promise<void> {
    const current = open;
    const { state } = current.shown;
    if (state?.kind !== 'inquiry' || current.key === null || !current.view.card) return;
    const headers = current.withHeaders ? ((await current.shown.headers()) ?? null) : null;
    const view = await cardView(current.shown.tabId, state, deps.enrichers(state.inquiry, headers));
    if (open !== current || !stillWanted(current.shown)) return;
    const count = countOf(current.key);
    if (JSON.stringify(view) === JSON.stringify(current.view)) {
      count.unchanged++;
      return;
    }
    count.updates++;
    await send({ ...current, view, shows: view.card ? cardShows(view.card) : null });
  }

  /** Waits for the value recomputes a write started, so the card shows the new value with the write. */
  async function valuesSettled(): Promise<void> {
    if (!deps.valuesIdle) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      deps.valuesIdle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, valueWaitMs);
        interrupt = resolve;
      }),
    ]);
    clearTimeout(timer);
    interrupt = null;
  }

  /** Resolves when the work asked for so far is done, a card built beside an update included. */
  async function settled(): Promise<void> {
    while (sideBuild) await sideBuild;
    await idle;
    while (sideBuild) await sideBuild;
  }

  function pump(): Promise<void> {
    if (building) return idle;
    building = true;
    idle = (async () => {
      try {
        for (;;) {
          // The origin and updates of a card built beside the loop come after it.
          if (sideBuild) await sideBuild;
          if (pending.open) {
            pending.open = false;
            pending.origin = false;
            pending.update = false;
            piece = 'build';
            const shown = wanted;
            await first(() => build(shown));
          } else if (pending.origin) {
            pending.origin = false;
            piece = 'origin';
            await first(reoriginate);
          } else if (pending.update) {
            // While it waits for values an open interrupts the wait; once it reads, an open goes beside it.
            piece = null;
            await valuesSettled();
            if (pending.open) continue;
            pending.update = false;
            piece = 'update';
            await first(update);
          } else return;
        }
      } catch (error) {
        log(`card failed: ${String(error)}`);
      } finally {
        building = false;
        piece = null;
      }
    })();
    return idle;
  }

  return {
    /**
     * The page's state for the tab the rep looks at. A message already open with the same state
     * is left as it is; the same message with more said about it (the rep picked its sender) is
     * read again as an update; anything else is built.
     */
    show(shown: Shown): Promise<void> {
      const sameTab = shown.tabId === wanted.tabId;
      const before = wanted.state;
      const key = keyOf(shown.state);
      if (sameTab && key !== null && key === keyOf(before)) {
        // Nothing new (a page that reports again): the card in hand, or on its way, stays.
        if (JSON.stringify(shown.state) === JSON.stringify(before)) return idle;
        wanted = shown;
        if (open.key === key) {
          open = { ...open, shown };
          pending.update = true;
          return pump();
        }
      }
      wanted = shown;
      pending.open = true;
      interrupt?.();
      if (key === null) {
        // No card to build: the inbox or an unreadable page shows at once, even while a card is built.
        const view = emptyView(shown.tabId, shown.state);
        open = { shown, key, view, shows: null, withHeaders: false };
        pending.open = false;
        return deps.send(view);
      }
      if (building && piece === 'update') {
        // An update of the card the rep left is in flight (its reads may wait for the database):
        // the new card never queues behind it. It is built now, beside it; the update's view is
        // dropped, as it is no longer the one open.
        pending.open = false;
        pending.origin = false;
        pending.update = false;
        const shown = wanted;
        const side: Promise<void> = first(() => build(shown))
          .catch((error: unknown) => log(`card failed: ${String(error)}`))
          .finally(() => {
            if (sideBuild === side) sideBuild = null;
          });
        sideBuild = side;
        return side;
      }
      return pump();
    },

    /** The open message's raw headers arrived: its origin is read again, once. */
    headersArrived(messageId: string): Promise<void> {
      const state = wanted.state;
      if (state?.kind !== 'inquiry' || state.inquiry.messageId !== messageId) return idle;
      pending.origin = true;
      return pump();
    },

    /** Book writes read from the change feed: the card is read again when one touches it. */
    async onBookWrites(entries: readonly ReadEntry[]): Promise<void> {
      const { shows } = open;
      if (!shows || !stillWanted(open.shown)) return;
      if (await touchesCard(db, entries, shows)) {
        pending.update = true;
        void pump();
      }
    },

    /** The whole book was valued again: the card's value slot may show another tier or rank. */
    valuesRevalued(): Promise<void> {
      if (!open.shows?.companyId) return idle;
      pending.update = true;
      return pump();
    },

    /** The view of what is open now, once the work asked for so far is done. */
    async view(): Promise<PanelView> {
      await settled();
      return open.view;
    },

    /** The view last sent: a panel that connects is given it at once. */
    sent(): PanelView {
      return open.view;
    },

    /** Per opened message: opens, builds, origin reads, updates. */
    counts(): Record<string, CardCount> {
      return Object.fromEntries(counts);
    },

    /** Resolves when the work asked for so far is done (tests). */
    settled,
  };
}

export type CardKeeper = ReturnType<typeof createCardKeeper>;

function emptyView(tabId: number | null, state: PageState | null): PanelView {
  return { tabId, state, card: null, error: null };
}

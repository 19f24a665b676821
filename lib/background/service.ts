import type { WxtBrowser } from 'wxt/browser';
import type { CrmDb } from '../db/db';
import { noteRepMailbox } from '../db/book';
import { refusedState, unreadableFieldOf, type EmailInquiry, type PageState } from '../email';
import type { Enrichers } from '../enrich/enrich';
import { counterpartOf, findCompanyByDomain, findContact } from '../enrich/enrich';
import { registrableDomain } from '../domains';
import { parseHeaderBlock, type MailHeaders } from '../mail/parse';
import type { HeaderCache } from './header-cache';
import { valueChangeOf, type ValueChange } from '../value/changes';
import { createFeedFollower, type ReadEntry } from './feed';
import { createCardKeeper, type Shown } from './card';
import type { Foreground } from './foreground';
import type { PanelPorts } from './panel-port';
import { droppedView } from '../anymail/view';
import type { QuietReason } from '../privacy/neverLog';
import { createReminderAlarms } from '../reminders/alarms';
import { hasBulkHeadersOf, replyExpected, trackReply } from '../reminders/noReply';
import type { RiskLevel } from '../risk/schema';
import { webmailMatches, webmailOfUrl } from '../webmail/hosts';
import {
  checkedView,
  ContentToBackgroundSchema,
  InsertResultSchema,
  PanelToBackgroundSchema,
  toContent,
  toPanel,
  type BackgroundMessage,
  type InsertResult,
} from '../messages';

// The background's message router and enrichment service, as a plain object so
// tests can drive it with a fake browser. The entrypoint only wires events.

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

interface TabState {
  state: PageState;
  /** Raw header blocks by message id, as the content script fetched them. */
  /** Each message's raw header block, parsed once when the page sent it (null when it cannot be read). */
  headers: Map<string, Promise<MailHeaders | null>>;
}

export interface ServiceDeps {
  db: CrmDb;
  browser: Pick<WxtBrowser, 'runtime' | 'tabs' | 'alarms' | 'notifications'>;
  /** Builds the card's analyses for one email, given its raw headers when known. */
  enrichers: (inquiry: EmailInquiry, headers: MailHeaders | null) => Promise<Enrichers> | Enrichers;
  noReplyDays: () => Promise<number>;
  /**
   * Takes the value change of a run of book writes, read from the change feed
   * (lib/value/scheduler.ts); returns at once, the recompute runs here later.
   */
  valueChanged?: (change: ValueChange) => void;
  /** Values the whole book now and resolves when written (the benchmark's and tests' command). */
  recomputeValues?: () => Promise<void>;
  /** Resolves when the value recomputes queued so far are written: a card update waits a moment for them. */
  valuesIdle?: () => Promise<void>;
  notified: { get(): Promise<string[]>; set(ids: string[]): Promise<void> };
  /** Why a message gets a quiet card (never-log list, colleagues), or null: then nothing about it is written. */
  quietReason?: (inquiry: EmailInquiry) => Promise<QuietReason | null>;
  /** Where the card's work runs ahead of the whole-book valuation's slices (lib/background/foreground.ts). */
  foreground?: Pick<Foreground, 'run'>;
  /** The side panels' port (lib/background/panel-port.ts): views go on it when a panel is connected. */
  panels?: PanelPorts;
  /** Raw headers kept per message id for the session (reopening a message keeps its origin). */
  headerCache?: HeaderCache;
  now?: () => number;
  log?: (message: string) => void;
}

export function createBackgroundService(deps: ServiceDeps) {
  const { db, browser } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((message: string) => console.warn(message));
  const tabs = new Map<number, TabState>();
  let currentTabId: number | null = null;

  /**
   * Who sent a message: a webmail content script (from a tab of a supported webmail), an
   * extension page, or someone refused with the reason. Each is held to its own schema.
   */
  function senderOf(sender: Sender): { from: 'content' | 'page' } | { refused: string } {
    if (sender.id !== browser.runtime.id) return { refused: 'foreign extension' };
    const url = sender.url ?? '';
    if (url.startsWith(browser.runtime.getURL('/'))) return { from: 'page' };
    // Webmail pages whose content scripts may talk to us: the manifest's matches (lib/webmail/hosts.ts).
    if (webmailOfUrl(url)) {
      if (sender.tab?.id === undefined) return { refused: 'content message without a tab' };
      return { from: 'content' };
    }
    return { refused: `message from ${/^https?:\/\/[^/]+/.exec(url)?.[0] || url || 'nowhere'}` };
  }

  /** A message's parsed headers: sent with this page, else kept from an earlier opening this session. */
  function headersOf(tab: TabState, messageId: string): Promise<MailHeaders | null | undefined> {
    return tab.headers.get(messageId) ?? deps.headerCache?.get(messageId) ?? Promise.resolve(undefined);
  }

  // The open message's card: built once, updated when a record it shows changes (lib/background/card.ts).
  const card = createCardKeeper({
    db,
    enrichers: deps.enrichers,
    quietReason: deps.quietReason,
    // A view the panel could not accept goes out as a could-not-read notice naming the field. It
    // goes on the panels' port, else as a broadcast (no open panel means no receiver: normal).
    send: (view) => {
      const message = toPanel({ type: 'panel/changed', view: checkedView(view) });
      if (deps.panels?.post(message)) return Promise.resolve();
      return browser.runtime.sendMessage(message).then(
        () => undefined,
        () => undefined,
      );
    },
    valuesIdle: deps.valuesIdle,
    foreground: deps.foreground,
    log,
  });

  // A panel that connects is sent the view in hand at once, before any later one.
  deps.panels?.greet(() => toPanel({ type: 'panel/changed', view: checkedView(card.sent()) }));

  /** What the tab shows, as the card keeper reads it: headers looked up when the card is built. */
  function shownIn(tabId: number | null): Shown {
    const tab = tabId === null ? undefined : tabs.get(tabId);
    const state = tab?.state ?? null;
    const messageId = state?.kind === 'inquiry' ? state.inquiry.messageId : '';
    return {
      tabId,
      state,
      headers: () => {
        const now = tabId === null ? undefined : tabs.get(tabId);
        return now && messageId ? headersOf(now, messageId) : Promise.resolve(undefined);
      },
    };
  }

  async function onPageState(tabId: number, state: PageState): Promise<void> {
    const previous = tabs.get(tabId);
    const sameMessage =
      previous?.state.kind === 'inquiry' &&
      state.kind === 'inquiry' &&
      previous.state.inquiry.messageId === state.inquiry.messageId;
    tabs.set(tabId, { state, headers: sameMessage ? previous.headers : new Map() });
    currentTabId = tabId;
    // The card first: the rep is waiting for it. Bookkeeping follows; a reminder it
    // adds reaches the open card through the change feed.
    await card.show(shownIn(tabId));
    if (state.kind === 'inquiry') await trackInquiry(state.inquiry, tabs.get(tabId));
  }

  /** The risk level of the open card, when it is this message's (the "no reply yet" rule reads it). */
  async function openRisk(messageId: string): Promise<RiskLevel | null> {
    const view = await card.view();
    return view.card?.inquiry.messageId === messageId ? (view.card.risk?.level ?? null) : null;
  }

  async function trackInquiry(inquiry: EmailInquiry, tab?: TabState): Promise<void> {
    // Never-log mail and colleagues' mail leave no trace in the book, not even the rep's mailbox.
    if (await deps.quietReason?.(inquiry)) return;
    await noteRepMailbox(db, inquiry.account);
    const { counterpart } = counterpartOf(inquiry);
    const contact = await findContact(db, counterpart.email);
    const company = contact?.companyId
      ? await db.companies.get(contact.companyId)
      : await findCompanyByDomain(db, registrableDomain(counterpart.email));
    const thread = inquiry.thread.length
      ? inquiry.thread
      : [{ from: inquiry.from.email, date: inquiry.date }];
    const bulk = await hasBulkHeadersOf(
      tab ? headersOf(tab, inquiry.messageId).then((h) => h ?? null) : undefined,
    );
    const risk = await openRisk(inquiry.messageId);
    await trackReply(
      db,
      {
        threadId: inquiry.threadId,
        url: inquiry.url,
        subject: inquiry.subject,
        account: inquiry.account,
        messages: thread,
        companyId: company?.id,
        contactId: contact?.id,
        needsReply: replyExpected(inquiry, thread.at(-1)!, { bulk, risk }),
      },
      await deps.noReplyDays(),
      now(),
    );
  }

  async function insertDraft(text: string): Promise<InsertResult> {
    if (currentTabId === null) return { ok: false, reason: 'no-webmail-tab' };
    try {
      const reply = await browser.tabs.sendMessage(currentTabId, toContent({ type: 'compose/insert', text }));
      const parsed = InsertResultSchema.safeParse(reply);
      return parsed.success ? parsed.data : { ok: false, reason: 'bad-reply' };
    } catch {
      return { ok: false, reason: 'tab-unreachable' };
    }
  }

  const { scheduleReminders, onAlarm, onNotificationClicked } = createReminderAlarms({ ...deps, now });

  async function onTabActivated(tabId: number): Promise<void> {
    if (!tabs.has(tabId) || tabId === currentTabId) return;
    currentTabId = tabId;
    await card.show(shownIn(tabId));
  }

  /** A closed webmail tab takes its card with it: the panel shows no email until another reports. */
  async function onTabRemoved(tabId: number): Promise<void> {
    tabs.delete(tabId);
    if (tabId !== currentTabId) return;
    currentTabId = null;
    await card.show(shownIn(null));
  }

  /** Checks the sender, validates the message against that sender's schema, and answers it. Returns undefined for refused ones. */
  async function handle(raw: unknown, sender: Sender): Promise<unknown> {
    const who = senderOf(sender);
    const type = (raw as { type?: unknown } | null)?.type;
    const named = typeof type === 'string' ? type.slice(0, 40) : 'message';
    if ('refused' in who) {
      log(`dropped ${named}: ${who.refused}`);
      return undefined;
    }
    const parsed =
      who.from === 'content'
        ? ContentToBackgroundSchema.safeParse(raw)
        : PanelToBackgroundSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      log(
        `dropped malformed ${named} from ${who.from === 'content' ? 'a content script' : 'a page'}: ` +
          `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`,
      );
      // A webmail page's update refused here replaces what the panel shows with a notice naming
      // the field: dropping it would leave the previous email's card up (issue 16).
      if (who.from === 'content' && type === 'page/state') {
        const page = raw as { state?: { webmail?: unknown } };
        await onPageState(
          sender.tab!.id!,
          refusedState(page.state?.webmail, unreadableFieldOf(issue?.path ?? [])),
        );
        return { ok: false };
      }
      return undefined;
    }
    const message: BackgroundMessage = parsed.data;
    switch (message.type) {
      case 'page/state':
        await onPageState(sender.tab!.id!, message.state);
        return { ok: true };
      case 'page/raw': {
        const tab = tabs.get(sender.tab!.id!);
        if (tab) {
          const parsing = deps.headerCache
            ? deps.headerCache.put(message.messageId, message.raw)
            : parseHeaderBlock(message.raw).catch(() => null);
          tab.headers.set(message.messageId, parsing);
          if (sender.tab!.id === currentTabId) await card.headersArrived(message.messageId);
          // A list or bulk message's headers, or a risk they raise to high, close the reminder
          // its first sight raised.
          if (
            tab.state.kind === 'inquiry' &&
            tab.state.inquiry.messageId === message.messageId &&
            ((await hasBulkHeadersOf(parsing)) || (await openRisk(message.messageId)) === 'high')
          )
            await trackInquiry(tab.state.inquiry, tab);
        }
        return { ok: true };
      }
      case 'panel/get':
        return checkedView(await card.view());
      case 'card/counts':
        return card.counts();
      case 'compose/insert':
        return insertDraft(message.text);
      case 'feed/written':
        // A page wrote to the book while this worker may have been asleep: read what it wrote.
        await feed.follow();
        return { ok: true };
      case 'value/recompute':
        await deps.recomputeValues?.();
        return { ok: true };
      case 'anymail/card':
        return checkedView(await droppedView({ ...deps, log }, message.inquiry, message.raw));
      case 'anymail/headers': {
        // Pasted headers complete the open message's origin in place, as if its page had sent them.
        const tab = currentTabId === null ? undefined : tabs.get(currentTabId);
        if (tab?.state.kind !== 'inquiry' || tab.state.inquiry.messageId !== message.messageId)
          return { ok: false, reason: 'not-open' };
        tab.headers.set(
          message.messageId,
          parseHeaderBlock(message.raw).catch(() => null),
        );
        await card.headersArrived(message.messageId);
        return { ok: true };
      }
    }
  }

  /** Reacts to what any context wrote to the book: values, reminder alarms, the open card. */
  async function onBookWrites(entries: ReadEntry[]): Promise<void> {
    const value = valueChangeOf(entries);
    if (value) deps.valueChanged?.(value);
    if (entries.some((e) => e.table === 'reminders')) await scheduleReminders();
    await card.onBookWrites(entries);
  }

  const feed = createFeedFollower(db, onBookWrites, log);

  return {
    handle,
    scheduleReminders,
    onAlarm,
    onNotificationClicked,
    onTabActivated,
    onTabRemoved,
    /** The open view, once the card work asked for so far is done. */
    view: () => card.view(),
    /** The whole book was valued again (the value scheduler says so): the open card's value may move. */
    valuesRevalued: () => card.valuesRevalued(),
    /** Reads and reacts to every book write not yet read (Dexie's storage events and the start call this). */
    followFeed: () => feed.follow(),
    /** Asks every webmail tab's content script to report again (after a worker restart). */
    async requestReports(): Promise<void> {
      const open = await browser.tabs.query({ url: webmailMatches() }).catch(() => []);
      for (const tab of open) {
        if (tab.id !== undefined)
          await browser.tabs.sendMessage(tab.id, toContent({ type: 'page/report' })).catch(() => undefined);
      }
    },
  };
}

export type BackgroundService = ReturnType<typeof createBackgroundService>;

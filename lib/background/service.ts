import type { WxtBrowser } from 'wxt/browser';
import type { CrmDb } from '../db/db';
import { noteRepMailbox, openReminders, trackReply } from '../db/book';
import { refusedState, unreadableFieldOf, type EmailInquiry, type PageState } from '../email';
import type { Enrichers } from '../enrich/enrich';
import { counterpartOf, findCompanyByDomain, findContact } from '../enrich/enrich';
import { isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';
import { firstHeader, parseHeaderBlock, type MailHeaders } from '../mail/parse';
import type { HeaderCache } from './header-cache';
import { safeUrl } from '../panel/safeUrl';
import { valueChangeOf, type ValueChange } from '../value/changes';
import { createFeedFollower, type ReadEntry } from './feed';
import { createCardKeeper, type Shown } from './card';
import { droppedView } from '../anymail/view';
import type { QuietReason } from '../privacy/neverLog';
import {
  BackgroundMessageSchema,
  checkedView,
  CONTENT_MESSAGES,
  InsertResultSchema,
  type BackgroundMessage,
  type InsertResult,
} from '../messages';

// The background's message router and enrichment service, as a plain object so
// tests can drive it with a fake browser. The entrypoint only wires events.

/** Webmail pages whose content scripts may talk to us (the manifest's matches). */
export const WEBMAIL_ORIGINS = [
  'https://mail.google.com',
  'https://outlook.live.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
];

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
  /** Raw headers kept per message id for the session (reopening a message keeps its origin). */
  headerCache?: HeaderCache;
  now?: () => number;
  log?: (message: string) => void;
}

export const REMINDER_ALARM_PREFIX = 'reminder:';

/**
 * A shown notification is remembered with the due time it was shown for: a reminder snoozed
 * (or moved) to a later time is due again, even when that time passes while the browser is closed.
 */
export function notifiedKey(reminderId: string, dueAt: number): string {
  return `${reminderId}@${dueAt}`;
}

/** Senders no person answers from: no-reply, bounce and notification addresses. */
const AUTOMATED_LOCAL_PART =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?|notifications?|newsletters?)([-+_.].*)?$/i;

export function isAutomatedAddress(email: string): boolean {
  return AUTOMATED_LOCAL_PART.test(normalizeEmail(email).split('@')[0] ?? '');
}

/**
 * Whether a message's headers (parsed by lib/mail, so folded and repeated headers read as the
 * mail parser reads them) mark it as list, bulk or machine-sent mail: RFC 2369 List-*,
 * Precedence, RFC 3834 Auto-Submitted other than "no".
 */
export function hasBulkHeaders(headers: MailHeaders): boolean {
  if (firstHeader(headers, 'list-unsubscribe') !== undefined || firstHeader(headers, 'list-id') !== undefined)
    return true;
  const precedence = firstHeader(headers, 'precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return true;
  const auto = firstHeader(headers, 'auto-submitted')?.trim().toLowerCase();
  return auto !== undefined && auto !== '' && !auto.startsWith('no');
}

/** The bulk signs of a message's parsed header block; one the parser could not read shows none. */
async function hasBulkHeadersOf(headers: Promise<MailHeaders | null> | undefined): Promise<boolean> {
  const parsed = await headers;
  return parsed ? hasBulkHeaders(parsed) : false;
}

/**
 * Whether the newest message of an opened conversation is an inquiry the rep owes an answer,
 * so that it earns a "no reply yet" reminder. Not when it comes from
 * - the rep's own mailbox (then it is answered: trackReply closes the reminder),
 * - the rep's own company domain (a colleague; a free-mail domain like gmail.com is nobody's company),
 * - an automated address (noreply@, no-reply@, mailer-daemon@, bounce@, notifications@, newsletter@),
 * - list or bulk mail, by its raw headers when the webmail gives them (List-Unsubscribe, List-Id,
 *   Precedence: bulk/list/junk, Auto-Submitted other than "no"); Gmail's arrive shortly after the
 *   card, and close a reminder raised before they came.
 * An unanswered message whose reminder fell due more than 30 days ago is archive mail and raises
 * none (STALE_NO_REPLY_MS in lib/db/book.ts), so browsing old mail never pops notifications.
 */
export function replyExpected(
  inquiry: EmailInquiry,
  last: { from: string; date: number },
  bulk: boolean,
): boolean {
  const account = normalizeEmail(inquiry.account);
  const sender = normalizeEmail(last.from);
  if (!sender || sender === account) return false;
  const ownDomain = registrableDomain(account);
  if (ownDomain && !isFreeMailDomain(ownDomain) && registrableDomain(sender) === ownDomain) return false;
  if (isAutomatedAddress(sender)) return false;
  // The headers are the open message's: they speak for the newest message only when it is the open one.
  const openIsLast =
    normalizeEmail(inquiry.from.email) === sender && (!last.date || inquiry.date === last.date);
  return !(bulk && openIsLast);
}

export function createBackgroundService(deps: ServiceDeps) {
  const { db, browser } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((message: string) => console.warn(message));
  const tabs = new Map<number, TabState>();
  let currentTabId: number | null = null;

  /** Content messages come from a webmail tab; page messages from our own pages. Nothing else passes. */
  function senderAllowed(type: BackgroundMessage['type'], sender: Sender): string | null {
    if (sender.id !== browser.runtime.id) return 'foreign extension';
    const url = sender.url ?? '';
    if (CONTENT_MESSAGES.has(type)) {
      if (sender.tab?.id === undefined) return 'content message without a tab';
      const origin = /^https:\/\/[^/]+/.exec(url)?.[0] ?? '';
      if (!WEBMAIL_ORIGINS.includes(origin)) return `content message from ${origin || url || 'nowhere'}`;
      return null;
    }
    return url.startsWith(browser.runtime.getURL('/')) ? null : `page message from ${url || 'nowhere'}`;
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
    // No open panel means no receiver; that is normal.
    // A view the panel could not accept goes out as a could-not-read notice naming the field.
    send: (view) =>
      browser.runtime.sendMessage({ type: 'panel/changed', view: checkedView(view) }).then(
        () => undefined,
        () => undefined,
      ),
    valuesIdle: deps.valuesIdle,
    log,
  });

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
        needsReply: replyExpected(inquiry, thread.at(-1)!, bulk),
      },
      await deps.noReplyDays(),
      now(),
    );
  }

  async function insertDraft(text: string): Promise<InsertResult> {
    if (currentTabId === null) return { ok: false, reason: 'no-webmail-tab' };
    try {
      const reply = await browser.tabs.sendMessage(currentTabId, { type: 'compose/insert', text });
      const parsed = InsertResultSchema.safeParse(reply);
      return parsed.success ? parsed.data : { ok: false, reason: 'bad-reply' };
    } catch {
      return { ok: false, reason: 'tab-unreachable' };
    }
  }

  /** One alarm per open reminder; overdue ones not yet shown fire at once. */
  async function scheduleReminders(): Promise<void> {
    const open = await openReminders(db);
    const notified = new Set(await deps.notified.get());
    const wanted = new Set<string>();
    const soon = now() + 1000;
    // One read of every alarm rather than one call per reminder: a big book has hundreds open.
    const existing = new Map((await browser.alarms.getAll()).map((alarm) => [alarm.name, alarm]));
    for (const reminder of open) {
      if (reminder.dueAt <= now() && notified.has(notifiedKey(reminder.id, reminder.dueAt))) continue;
      const name = REMINDER_ALARM_PREFIX + reminder.id;
      wanted.add(name);
      const when = Math.max(reminder.dueAt, soon);
      const alarm = existing.get(name);
      if (!alarm || Math.abs(alarm.scheduledTime - when) > 1000) await browser.alarms.create(name, { when });
    }
    for (const name of existing.keys()) {
      if (name.startsWith(REMINDER_ALARM_PREFIX) && !wanted.has(name)) await browser.alarms.clear(name);
    }
  }

  async function onAlarm(name: string, texts: { title: string; noReply: string }): Promise<void> {
    if (!name.startsWith(REMINDER_ALARM_PREFIX)) return;
    const id = name.slice(REMINDER_ALARM_PREFIX.length);
    const reminder = await db.reminders.get(id);
    if (!reminder || reminder.done) return;
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icons/128.png'),
      title: reminder.kind === 'no-reply' ? texts.noReply : texts.title,
      message: reminder.title || ' ',
      requireInteraction: true,
    });
    const key = notifiedKey(id, reminder.dueAt);
    const notified = await deps.notified.get();
    // An older showing of this reminder (before a snooze) is of no more use.
    const others = notified.filter((n) => n !== id && !n.startsWith(`${id}@`));
    await deps.notified.set([...others, key].slice(-500));
  }

  /** Opens the thread a reminder belongs to. */
  async function onNotificationClicked(id: string): Promise<void> {
    const reminder = await db.reminders.get(id);
    const url = safeUrl(reminder?.url);
    if (url) await browser.tabs.create({ url });
    await browser.notifications.clear(id);
  }

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

  /** Validates, checks the sender, and answers one message. Returns undefined for dropped ones. */
  async function handle(raw: unknown, sender: Sender): Promise<unknown> {
    const parsed = BackgroundMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      log(`dropped malformed message: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
      // A webmail page's update refused here replaces what the panel shows with a notice naming
      // the field: dropping it would leave the previous email's card up (issue 16).
      const page = raw as { type?: unknown; state?: { webmail?: unknown } } | null;
      if (page?.type === 'page/state' && senderAllowed('page/state', sender) === null) {
        await onPageState(
          sender.tab!.id!,
          refusedState(page.state?.webmail, unreadableFieldOf(issue?.path ?? [])),
        );
        return { ok: false };
      }
      return undefined;
    }
    const message = parsed.data;
    const refused = senderAllowed(message.type, sender);
    if (refused) {
      log(`dropped ${message.type}: ${refused}`);
      return undefined;
    }
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
          // A list or bulk message's headers close the reminder its first sight raised.
          if (
            tab.state.kind === 'inquiry' &&
            tab.state.inquiry.messageId === message.messageId &&
            (await hasBulkHeadersOf(parsing))
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
      const open = await browser.tabs.query({ url: WEBMAIL_ORIGINS.map((o) => `${o}/*`) }).catch(() => []);
      for (const tab of open) {
        if (tab.id !== undefined)
          await browser.tabs.sendMessage(tab.id, { type: 'page/report' }).catch(() => undefined);
      }
    },
  };
}

export type BackgroundService = ReturnType<typeof createBackgroundService>;

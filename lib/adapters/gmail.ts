import type { EmailInquiryInput, Mailbox, PageStateInput } from '../email';
import type { CutField, ReadLayer } from '../email-limits';
import { EMAIL_LIMITS } from '../email-limits';
import { announceInput, insertReplyWith, type InsertOptions } from './compose';
import type { BackgroundMessage, InsertResult } from '../messages';
import { readBodyText } from './body-text';
import { fitInquiry } from './fit';
import { addressInText, addressesOnPage, ARIA, firstLayer, isShown, mailboxOf, type Layered } from './layers';
import { clean, findAddress } from './page-text';
import { webmailOfUrl } from '../webmail/hosts';
import {
  unreadablePage,
  type PageLocation,
  type ReadHints,
  type UnreadableReason,
  type WebmailAdapter,
} from './types';

// Gmail on the web, read from the isolated world, read-only.
//
// Page shapes supported (fixtures under test/fixtures/gmail/):
// - conversation view, one message:        /mail/u/0/#inbox/<thread id>
// - conversation with older messages collapsed (role=listitem aria-expanded=false, "N older messages")
// - preview pane (split view): list and reading pane side by side, hash stays #inbox
// - a reply with quoted history (div.gmail_quote, blockquote, the "…" trimmed content)
// - a build without the data-*-id hooks and the obfuscated classes (read through role="main",
//   role="listitem", the h2 heading, hover cards and the "Message body" region)
// - a conversation opened in its own window (popout): /mail/u/0/popout?…&th=%23thread-f:<decimal>
// Layers, strongest first (each field reports the one that read it):
// - hooks: h2[data-thread-perm-id] / [data-legacy-thread-id], [data-message-id] /
//   [data-legacy-message-id], span[email][name] (.gD), .a3s / .ii (body), the hash route or th=;
// - aria: role="main", role="listitem", the h2 / level-2 heading, [data-hovercard-id] persona
//   spans and "From: Name <address>" accessible names, role="region" aria-label="Message body";
// - structure: the first address after the heading, the tab title's subject.
// Other obfuscated classes only where Gmail offers nothing else, each with a fallback:
// .g2 (recipients), .g3[title] (date), .ajA (details table).
// Budgets: at most MESSAGE_BUDGET messages of a conversation are walked (the two ends), each body
// to the budget of body-text.ts, titles and labels scanned linearly; what is cut is reported.

const WEBMAIL = 'gmail' as const;
const MESSAGE_IDS = '[data-message-id], [data-legacy-message-id]';
const THREAD_HEADINGS = 'h2[data-thread-perm-id], h2[data-legacy-thread-id]';
const BODY_HOOKS = '.a3s, .ii.gt, .ii';
/** A sender or recipient element of any build: Gmail's span[email], a hover card, a labelled persona. */
const PEOPLE = '[email], [data-hovercard-id*="@"]';
/** Quoted history and Gmail's trimmed content ("…"): never part of the message's own text. */
const QUOTED = '.gmail_quote, .gmail_quote_container, blockquote, .h5, .adL, .ajR, .yj6qo, .HOEnZb';
/** Outlook's reply header: everything from here on is the quoted message. */
const QUOTE_STARTS = '#appendonsend, #divRplyFwdMsg, [id$="divRplyFwdMsg"]';

/**
 * Messages of one conversation walked at most: half from each end. Far above a real conversation,
 * and low enough that reading 3,000 collapsed messages stays within the 50 ms a read may take on
 * the webmail's thread (issue 16); the card says the conversation was cut.
 */
export const MESSAGE_BUDGET = 100;

/** Gmail's mail pages (under /mail/) on its hosts, listed with every webmail's in lib/webmail/hosts.ts. */
export function matches(url: string): boolean {
  return webmailOfUrl(url) === WEBMAIL && new URL(url).pathname.startsWith('/mail/');
}

/** The thread token of a hash route like #inbox/<id> or #label/Clients/<id>, or '' on a list. */
export function messageRouteId(hash: string): string {
  const parts = hash.slice(0, 2000).replace(/^#/, '').split('/').filter(Boolean);
  const minParts = parts[0] === 'search' || parts[0] === 'advanced-search' ? 3 : 2;
  const last = parts.length >= minParts ? (parts[parts.length - 1] ?? '') : '';
  // Legacy hex ids (16 hex digits) or the newer opaque tokens (FMfcgz…, ~32 letters and digits).
  return /^[0-9a-f]{16}$/i.test(last) || /^[A-Za-z]{4,}[A-Za-z0-9_-]{20,200}$/.test(last) ? last : '';
}

/** The popout's thread: th=#thread-f:<decimal> (or a bare hex id), as a hex id; '' elsewhere. */
export function popoutThreadId(search: string): string {
  const th = new URLSearchParams(search.slice(0, 4000)).get('th') ?? '';
  const perm = /^#?thread-[af]:(\d{1,30})$/.exec(th);
  if (perm) return hexFromDecimal(perm[1]!);
  return /^[0-9a-f]{16}$/i.test(th) ? th.toLowerCase() : '';
}

export function hexFromDecimal(decimal: string): string {
  try {
    return /^\d{1,30}$/.test(decimal) ? BigInt(decimal).toString(16) : '';
  } catch {
    return '';
  }
}

export function decimalFromHex(hex: string): string {
  try {
    return /^[0-9a-f]{1,25}$/i.test(hex) ? BigInt('0x' + hex).toString(10) : '';
  } catch {
    return '';
  }
}

function mailbox(el: Element): Mailbox {
  const name = clean(el.getAttribute('name') ?? el.textContent);
  return { name: name === 'me' ? '' : name, email: clean(el.getAttribute('email')).toLowerCase() };
}

// ---------------------------------------------------------------------------
// Dates: span.g3's title, e.g. "Tue, Jan 14, 2025, 10:32 AM", "14 Jan 2025, 10:32",
// "2025年1月14日 周二 上午10:32". Local time, like Gmail shows it.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function parseGmailDate(title: string): number {
  const text = title.slice(0, 200).replace(/[\u00a0\u202f]/g, ' ');
  let y = 0;
  let mo = -1;
  let d = 0;
  const zh = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  const monthFirst = /\b([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})\b/.exec(text);
  const dayFirst = /\b(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})\b/.exec(text);
  if (zh) [y, mo, d] = [Number(zh[1]), Number(zh[2]) - 1, Number(zh[3])];
  else if (monthFirst)
    [y, mo, d] = [Number(monthFirst[3]), MONTHS.indexOf(monthFirst[1]!.toLowerCase()), Number(monthFirst[2])];
  else if (dayFirst)
    [y, mo, d] = [Number(dayFirst[3]), MONTHS.indexOf(dayFirst[2]!.toLowerCase()), Number(dayFirst[1])];
  if (mo < 0 || d < 1 || d > 31) return 0;
  const time = /(上午|下午)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?/i.exec(text);
  let h = time ? Number(time[2]) : 0;
  const pm = time ? /PM|下午/i.test((time[5] ?? '') + (time[1] ?? '')) : false;
  const am = time ? /AM|上午/i.test((time[5] ?? '') + (time[1] ?? '')) : false;
  if (pm && h < 12) h += 12;
  if (am && h === 12) h = 0;
  return new Date(y, mo, d, h, time ? Number(time[3]) : 0, time ? Number(time[4] ?? 0) : 0).getTime();
}

// ---------------------------------------------------------------------------
// Plain text of a message body, close to what the rep sees, without quoted history.

export function bodyText(root: Element): string {
  return readBodyText(root, { stopAt: QUOTE_STARTS, skip: QUOTED }).text;
}

// ---------------------------------------------------------------------------
// The open conversation.

interface ThreadMessage {
  item: Element;
  messageId: string;
  sender: Layered<Mailbox> | null;
  body: Element | null;
  bodyLayer: ReadLayer;
  expanded: boolean;
  date: number;
}

interface Conversation {
  root: Element;
  heading: Element | null;
  layer: ReadLayer;
}

function findConversation(doc: Document): Conversation | null {
  const shown = (selector: string, root: ParentNode = doc) =>
    Array.from(root.querySelectorAll(selector)).slice(0, 200).find(isShown) ?? null;
  const hooked = (): Conversation | null => {
    const heading = shown(THREAD_HEADINGS);
    if (heading) {
      let node = heading.parentElement;
      for (let up = 0; node && up < 400; node = node.parentElement, up++) {
        if (node.querySelector(MESSAGE_IDS) || node.matches('[role="main"]'))
          return { root: node, heading, layer: 'hooks' };
      }
      return { root: doc.body, heading, layer: 'hooks' };
    }
    const message = shown(MESSAGE_IDS);
    if (!message) return null;
    const root = message.closest('[role="main"]') ?? doc.body;
    return { root, heading: shown(ARIA.heading, root), layer: 'hooks' };
  };
  // No ids: the main landmark holding a heading and a message with a person in it.
  const landmarked = (): Conversation | null => {
    const main = shown('[role="main"]');
    if (!main || !main.querySelector('[role="listitem"]')) return null;
    const heading = Array.from(main.querySelectorAll(ARIA.heading))
      .slice(0, 50)
      .find((el) => isShown(el) && !el.closest('[role="listitem"]'));
    return heading ? { root: main, heading, layer: 'aria' } : null;
  };
  return hooked() ?? landmarked();
}

function messageIdOf(el: Element | null): string {
  if (!el) return '';
  const legacy = clean(el.getAttribute('data-legacy-message-id'), 100);
  if (/^[0-9a-f]{6,25}$/i.test(legacy)) return legacy.toLowerCase();
  const perm = /msg-[af]:(\d{1,30})/.exec((el.getAttribute('data-message-id') ?? '').slice(0, 200));
  return perm ? hexFromDecimal(perm[1]!) : '';
}

function senderOf(item: Element, body: Element | null): Layered<Mailbox> | null {
  const outside = (el: Element) => !(body && body.contains(el)) && !el.closest('.ajA');
  const people = Array.from(item.querySelectorAll(PEOPLE)).slice(0, 200).filter(outside);
  const withEmail = people.filter((el) => clean(el.getAttribute('email'), 400).includes('@'));
  return firstLayer<Mailbox>([
    [
      'hooks',
      () => {
        const el =
          withEmail.find((e) => e.classList.contains('gD')) ?? withEmail.find((e) => !e.matches('.g2'));
        return el ? mailbox(el) : null;
      },
    ],
    [
      'aria',
      () => {
        const labelled = Array.from(item.querySelectorAll(ARIA.from)).slice(0, 20).find(outside);
        const hover = people.find((e) => !e.hasAttribute('email') && !e.closest('[aria-label^="To"], .g2'));
        const el = labelled ?? hover;
        return el ? mailboxOf(el) : null;
      },
    ],
  ]);
}

function dateOf(item: Element, body: Element | null): number {
  const titled = Array.from(item.querySelectorAll('.g3[title], span[title], td[title]'))
    .slice(0, 50)
    .filter((el) => !(body && body.contains(el)));
  for (const el of titled) {
    const when = parseGmailDate(el.getAttribute('title') ?? '');
    if (when) return when;
  }
  return 0;
}

/** The elements of a long list the reader walks: all of a short one, the two ends of a long one. */
function within<T>(list: ArrayLike<T>, budget: number, cuts: Set<CutField>): T[] {
  if (list.length <= budget) return Array.from(list);
  cuts.add('thread');
  const half = Math.floor(budget / 2);
  const out: T[] = [];
  for (let i = 0; i < half; i++) out.push(list[i]!);
  for (let i = list.length - (budget - half); i < list.length; i++) out.push(list[i]!);
  return out;
}

function bodyOf(item: Element): { body: Element; layer: ReadLayer } | null {
  const hooked = item.querySelector(BODY_HOOKS);
  if (hooked) return { body: hooked, layer: 'hooks' };
  const region = item.querySelector(ARIA.body);
  return region ? { body: region, layer: 'aria' } : null;
}

function threadMessages(root: Element, cuts: Set<CutField>): ThreadMessage[] {
  const listItems = within(root.querySelectorAll('[role="listitem"]'), MESSAGE_BUDGET * 2, cuts).filter(
    (el) =>
      !el.parentElement?.closest('[role="listitem"]') &&
      (el.matches(MESSAGE_IDS) ||
        el.querySelector(`${MESSAGE_IDS}, ${PEOPLE}, ${ARIA.from}, ${BODY_HOOKS}, ${ARIA.body}`) !== null),
  );
  const items = within(
    listItems.length ? listItems : root.querySelectorAll(MESSAGE_IDS),
    MESSAGE_BUDGET,
    cuts,
  );
  return items.filter(isShownOrCollapsed).map((item) => {
    const idEl = item.matches(MESSAGE_IDS) ? item : item.querySelector(MESSAGE_IDS);
    const found = bodyOf(item);
    const body = found?.body ?? null;
    const expanded = item.getAttribute('aria-expanded') !== 'false' && body !== null && isShown(body);
    return {
      item,
      messageId: messageIdOf(idEl),
      sender: senderOf(item, body),
      body,
      bodyLayer: found?.layer ?? 'structure',
      expanded,
      date: dateOf(item, body),
    };
  });
}

function isShownOrCollapsed(el: Element): boolean {
  return (
    isShown(el.parentElement) &&
    !el.hasAttribute('hidden') &&
    !/display\s*:\s*none/i.test((el.getAttribute('style') ?? '').slice(0, 2000))
  );
}

/** Labelled rows of the "Show details" table: from:, reply-to:, to:, cc:. */
function detailRows(item: Element, body: Element | null): Map<string, Mailbox[]> {
  const rows = new Map<string, Mailbox[]>();
  const found = item.querySelectorAll('tr');
  for (let i = 0; i < found.length && i < 200; i++) {
    const row = found[i]!;
    if (body?.contains(row)) continue;
    const label = clean(row.firstElementChild?.textContent, 40)
      .toLowerCase()
      .replace(/[:：]$/, '');
    if (!['from', 'reply-to', 'to', 'cc', 'bcc'].includes(label)) continue;
    rows.set(label, Array.from(row.querySelectorAll('[email]')).slice(0, 1000).map(mailbox));
  }
  return rows;
}

const TITLE_SUFFIX = ' - Gmail';

/** The tab title's parts: "<subject> - <account> - Gmail"; read from its end, without a regex over all of it. */
function titleParts(title: string): { subject: string; account: string } {
  const t = title.trim();
  if (!t.endsWith(TITLE_SUFFIX)) return { subject: '', account: '' };
  const rest = t.slice(0, -TITLE_SUFFIX.length);
  const cut = rest.lastIndexOf(' - ');
  const tail = cut >= 0 ? rest.slice(cut + 3) : rest;
  const account = tail.length <= EMAIL_LIMITS.address && !/\s/.test(tail) ? findAddress(tail) : '';
  const subject = account ? (cut >= 0 ? rest.slice(0, cut) : '') : rest;
  return { subject: clean(subject), account: account.toLowerCase() };
}

export function accountAddress(doc: Document): string {
  const fromTitle = titleParts(doc.title.slice(0, 100_000)).account;
  if (fromTitle) return fromTitle;
  const button = doc.querySelector('a[href*="SignOutOptions"][aria-label], a[aria-label^="Google Account"]');
  const fromButton = findAddress((button?.getAttribute('aria-label') ?? '').slice(0, 1000));
  if (fromButton) return fromButton.toLowerCase();
  const fromGlobals = (globals(doc, 10)[10] ?? '').slice(0, EMAIL_LIMITS.address);
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fromGlobals) ? fromGlobals.toLowerCase() : '';
}

function accountPath(loc: PageLocation): string {
  const m = /^\/mail(\/u\/\d{1,3})?(\/d\/[^/]{1,200})?\//.exec(loc.pathname.slice(0, 500));
  if (m?.[2]) return m[0];
  return `/mail${m?.[1] ?? '/u/0'}/`;
}

const unreadable = (reason: UnreadableReason, candidates: Mailbox[] = []): PageStateInput =>
  unreadablePage(WEBMAIL, reason, candidates);

/** What the Gmail page shows now. Never throws. */
export function readGmail(
  doc: Document = document,
  loc: PageLocation = location,
  hints: ReadHints = {},
): PageStateInput {
  try {
    const account = accountAddress(doc);
    const popoutId = popoutThreadId(loc.search ?? '');
    const routeId = messageRouteId(loc.hash) || popoutId;
    const conversation = findConversation(doc);
    const candidates = () =>
      addressesOnPage(
        (conversation?.root ?? doc.querySelector('[role="main"]') ?? doc.body) as Element,
        account,
        EMAIL_LIMITS.candidates,
      );
    if (!conversation) {
      return routeId
        ? unreadable('no-message-markup', candidates())
        : { kind: 'none', webmail: WEBMAIL, account };
    }
    const cuts = new Set<CutField>();
    const messages = threadMessages(conversation.root, cuts);
    const open = messages.filter((m) => m.expanded).pop();
    if (!open) return unreadable('no-expanded-message', candidates());
    if (!open.body) return unreadable('no-body', candidates());
    const sender =
      open.sender ??
      firstLayer<Mailbox>([
        ['structure', () => addressInText(open.item, [open.body!], conversation.heading)],
        ['picked', () => (hints.from?.email ? hints.from : null)],
      ]);
    if (!sender) return unreadable('no-sender', candidates());

    const details = detailRows(open.item, open.body);
    const header = Array.from(open.item.querySelectorAll('.g2[email]'))
      .slice(0, 1000)
      .filter((el) => !open.body?.contains(el));
    const to = details.get('to') ?? header.filter((el) => !el.closest('.ajA')).map(mailbox);
    const heading = conversation.heading;
    const legacyThread = clean(heading?.getAttribute('data-legacy-thread-id'), 100);
    const permThread = /thread-[af]:(\d{1,30})/.exec(
      (heading?.getAttribute('data-thread-perm-id') ?? '').slice(0, 200),
    );
    const threadId =
      (/^[0-9a-f]{6,25}$/i.test(legacyThread) ? legacyThread.toLowerCase() : '') ||
      (permThread ? hexFromDecimal(permThread[1]!) : '') ||
      (/^[0-9a-f]{16}$/i.test(routeId) ? routeId.toLowerCase() : '');
    const headingText = clean(heading?.textContent);
    const subject = firstLayer<string>([
      [
        conversation.layer === 'hooks' && heading?.matches(THREAD_HEADINGS) ? 'hooks' : 'aria',
        () => headingText || null,
      ],
      ['structure', () => titleParts(doc.title.slice(0, 100_000)).subject || null],
    ]);
    // A build without message ids: a conversation of one message has the thread's id (Gmail's
    // legacy thread id is its first message's), so its raw source can still be fetched.
    const messageId =
      open.messageId || (messages.length === 1 && /^[0-9a-f]{16}$/.test(threadId) ? threadId : '');
    const url =
      (routeId && !popoutId) || !threadId ? loc.href : `${loc.origin}${accountPath(loc)}#all/${threadId}`;
    const body = readBodyText(open.body, { stopAt: QUOTE_STARTS, skip: QUOTED });
    if (body.cut) cuts.add('body');

    const inquiry: EmailInquiryInput = {
      webmail: WEBMAIL,
      account,
      threadId,
      messageId,
      url,
      from: details.get('from')?.[0] ?? sender.value,
      replyTo: details.get('reply-to') ?? [],
      to,
      cc: details.get('cc') ?? [],
      subject: subject?.value ?? '',
      date: open.date,
      bodyText: body.text,
      thread: messages.filter((m) => m.sender).map((m) => ({ from: m.sender!.value.email, date: m.date })),
      readBy: {
        from: details.get('from')?.[0] ? 'hooks' : sender.layer,
        ...(subject ? { subject: subject.layer } : {}),
        body: open.bodyLayer,
      },
    };
    return { kind: 'inquiry', inquiry: fitInquiry(inquiry, cuts) };
  } catch (error) {
    return unreadable(`read-failed:${error instanceof Error ? error.name.slice(0, 100) : 'error'}`);
  }
}

export const gmail: WebmailAdapter = { id: WEBMAIL, matches, read: readGmail };

// ---------------------------------------------------------------------------
// Raw source ("Show original"): same origin, same session.

/**
 * Top-level entries of Gmail's inline `GLOBALS=[…]` script, up to index `upTo`.
 * Only strings are kept (other entries are null). The isolated world cannot see
 * page variables, but it can read the script's text.
 */
export function globals(doc: Document, upTo: number): (string | null)[] {
  for (const script of Array.from(doc.querySelectorAll('script'))) {
    const text = script.textContent ?? '';
    const at = /GLOBALS\s*=\s*\[/.exec(text);
    if (!at) continue;
    const entries: (string | null)[] = [];
    let current: string | null = null;
    let depth = 0;
    for (let i = at.index + at[0].length; i < text.length && entries.length <= upTo; i++) {
      const c = text[i];
      if (c === '"' || c === "'") {
        let value = '';
        for (i++; i < text.length && text[i] !== c; i++) {
          if (text[i] !== '\\') {
            value += text[i];
            continue;
          }
          const e = text[++i];
          const hex = e === 'u' ? text.slice(i + 1, i + 5) : e === 'x' ? text.slice(i + 1, i + 3) : '';
          if (hex && /^[0-9a-f]+$/i.test(hex)) {
            value += String.fromCharCode(parseInt(hex, 16));
            i += hex.length;
          } else value += e === 'n' ? '\n' : (e ?? '');
        }
        if (depth === 0) current = value;
      } else if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        if (depth === 0) {
          entries.push(current);
          break;
        }
        depth--;
      } else if (c === ',' && depth === 0) {
        entries.push(current);
        current = null;
      }
    }
    return entries;
  }
  return [];
}

/** Gmail's per-account key `ik`, needed by view=om: GLOBALS[9], else any Gmail link carrying it. */
export function gmailIk(doc: Document): string {
  const fromGlobals = globals(doc, 9)[9] ?? '';
  if (/^[0-9a-f]{6,16}$/i.test(fromGlobals)) return fromGlobals;
  for (const a of Array.from(doc.querySelectorAll('a[href*="ik="]'))) {
    const m = /[?&]ik=([0-9a-f]{6,16})(&|$)/i.exec(a.getAttribute('href') ?? '');
    if (m) return m[1]!;
  }
  return '';
}

/** The "Show original" address of a message (legacy hex id), for the signed-in account. */
export function rawSourceUrl(doc: Document, loc: PageLocation, messageId: string): string {
  const decimal = decimalFromHex(messageId);
  if (!decimal) return '';
  const ik = gmailIk(doc);
  const query = `${ik ? `ik=${encodeURIComponent(ik)}&` : ''}view=om&permmsgid=msg-f:${decimal}`;
  return `${loc.origin}${accountPath(loc)}?${query}`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The raw message out of Gmail's "Show original" page (or a bare .eml), else null. */
export function rawFromOriginalPage(text: string): string | null {
  const pre = /<pre[^>]*\bid=["']?raw_message_text["']?[^>]*>([\s\S]*?)<\/pre>/i.exec(text);
  if (pre) return decodeEntities(pre[1]!.replace(/<[^>]*>/g, ''));
  const bare = text.replace(/^\uFEFF/, '');
  return /^[\x21-\x39\x3b-\x7e]+:[ \t]/.test(bare) ? bare : null;
}

/** The header block of a raw message: up to the first blank line, capped. */
export function headerBlock(raw: string): string {
  const end = /\r?\n\r?\n/.exec(raw);
  return (end ? raw.slice(0, end.index) : raw).slice(0, EMAIL_LIMITS.rawHeaders);
}

type Fetch = (url: string, init?: RequestInit) => Promise<Pick<Response, 'ok' | 'text'>>;
type Send = (message: Extract<BackgroundMessage, { type: 'page/raw' }>) => Promise<unknown>;

/** Fetch a message's raw headers and send them as 'page/raw'. Resolves false when it could not. */
export async function reportRawHeaders(world: {
  doc: Document;
  loc: PageLocation;
  messageId: string;
  fetch: Fetch;
  send: Send;
}): Promise<boolean> {
  try {
    const url = rawSourceUrl(world.doc, world.loc, world.messageId);
    if (!url) return false;
    const response = await world.fetch(url, { credentials: 'include' });
    if (!response.ok) return false;
    const raw = rawFromOriginalPage(await response.text());
    if (raw === null) return false;
    await world.send({ type: 'page/raw', messageId: world.messageId, raw: headerBlock(raw) });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Reply drafts: put text in the open reply box. Never sends.

const EDITORS = 'div[contenteditable="true"][role="textbox"], div[g_editable="true"][contenteditable="true"]';
const REPLY_BUTTONS = [
  '[role="button"][data-tooltip="Reply"]',
  '[role="button"][aria-label="Reply"]',
  '[role="button"][data-tooltip="回复"]',
  '[role="button"][aria-label="回复"]',
  '[role="link"].ams.bkH',
  '.ams.bkH',
];

function findReplyBox(doc: Document): HTMLElement | null {
  const boxes = Array.from(doc.querySelectorAll<HTMLElement>(EDITORS)).filter(isShown);
  return boxes.find((box) => box.closest('[role="main"]')) ?? boxes.pop() ?? null;
}

function findReplyButton(doc: Document): HTMLElement | null {
  for (const selector of REPLY_BUTTONS) {
    const shown = Array.from(doc.querySelectorAll<HTMLElement>(selector)).filter(isShown);
    if (shown.length) return shown[shown.length - 1]!;
  }
  return null;
}

function press(el: HTMLElement): void {
  const view = el.ownerDocument.defaultView;
  for (const type of ['mousedown', 'mouseup', 'click']) {
    const event = view ? new view.MouseEvent(type, { bubbles: true, cancelable: true }) : new Event(type);
    el.dispatchEvent(event);
  }
}

/**
 * What the last insert wrote into each reply box. A rep who tries one suggested
 * draft and then another gets the second in place of the first, as long as the
 * first is untouched; once the rep has edited it, it is their text and stays.
 * Kept in memory, never as markup, so nothing of ours ends up in the sent mail.
 */
const lastInserted = new WeakMap<HTMLElement, { nodes: Node[]; text: string }>();

function removeUneditedInsert(box: HTMLElement): void {
  const last = lastInserted.get(box);
  lastInserted.delete(box);
  if (!last || !last.nodes.every((node) => node.parentNode === box)) return;
  const now = last.nodes
    .filter((node) => node.nodeName === 'DIV')
    .map((node) => node.textContent ?? '')
    .join('\n');
  if (now === last.text) last.nodes.forEach((node) => box.removeChild(node));
}

/** Writes plain text as Gmail's own draft markup: one div per line, <div><br></div> for a blank line. */
function writeDraft(box: HTMLElement, text: string): void {
  const doc = box.ownerDocument;
  removeUneditedInsert(box);
  const stop = Array.from(box.childNodes).find(
    (node) =>
      node.nodeType === 1 &&
      ((node as Element).matches(
        '.gmail_signature, [data-smartmail], .gmail_quote, .gmail_quote_container',
      ) ||
        (node as Element).querySelector('.gmail_signature, [data-smartmail], .gmail_quote')),
  );
  const before = Array.from(box.childNodes).slice(
    0,
    stop ? Array.from(box.childNodes).indexOf(stop) : undefined,
  );
  if (before.every((node) => !clean(node.textContent))) before.forEach((node) => node.remove());
  const fragment = doc.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (const line of lines) {
    const div = doc.createElement('div');
    div.appendChild(line ? doc.createTextNode(line) : doc.createElement('br'));
    fragment.appendChild(div);
  }
  if (stop) fragment.appendChild(doc.createElement('br'));
  const nodes = Array.from(fragment.childNodes);
  box.insertBefore(fragment, stop ?? null);
  lastInserted.set(box, { nodes, text: lines.join('\n') });
  announceInput(box, doc);
}

/** Put a reply draft in the open thread's reply box, opening it with the Reply button if needed. */
export function insertReply(doc: Document, text: string, options: InsertOptions = {}): Promise<InsertResult> {
  return insertReplyWith({ findReplyBox, findReplyButton, press, writeDraft }, doc, text, options);
}

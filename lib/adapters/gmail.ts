import type { EmailInquiryInput, Mailbox, PageStateInput } from '../email';
import { announceInput, insertReplyWith, type InsertOptions } from './compose';
import type { BackgroundMessage, InsertResult } from '../messages';
import {
  BODY_LIMIT,
  RAW_HEADER_LIMIT,
  unreadablePage,
  type PageLocation,
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
// Stable hooks first: h2[data-thread-perm-id] / [data-legacy-thread-id], [data-message-id] /
// [data-legacy-message-id], span[email][name], role=list/listitem/main, the hash route, the tab
// title. Obfuscated classes only where Gmail offers nothing else, each with a fallback:
// .gD (sender), .g2 (recipients), .g3[title] (date), .a3s / .ii (body), .ajA (details table).

const WEBMAIL = 'gmail' as const;
const MESSAGE_IDS = '[data-message-id], [data-legacy-message-id]';
const THREAD_HEADINGS = 'h2[data-thread-perm-id], h2[data-legacy-thread-id]';
const BODY = '.a3s, .ii.gt, .ii';
/** Quoted history and Gmail's trimmed content ("…"): never part of the message's own text. */
const QUOTED = '.gmail_quote, .gmail_quote_container, blockquote, .h5, .adL, .ajR, .yj6qo, .HOEnZb';
/** Outlook's reply header: everything from here on is the quoted message. */
const QUOTE_STARTS = '#appendonsend, #divRplyFwdMsg, [id$="divRplyFwdMsg"]';

export function matches(url: string): boolean {
  return /^https:\/\/mail\.google\.com\/mail\//.test(url);
}

/** The thread token of a hash route like #inbox/<id> or #label/Clients/<id>, or '' on a list. */
export function messageRouteId(hash: string): string {
  const parts = hash.replace(/^#/, '').split('/').filter(Boolean);
  const minParts = parts[0] === 'search' || parts[0] === 'advanced-search' ? 3 : 2;
  const last = parts.length >= minParts ? (parts[parts.length - 1] ?? '') : '';
  // Legacy hex ids (16 hex digits) or the newer opaque tokens (FMfcgz…, ~32 letters and digits).
  return /^[0-9a-f]{16}$/i.test(last) || /^[A-Za-z]{4,}[A-Za-z0-9_-]{20,}$/.test(last) ? last : '';
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

function isShown(el: Element | null): boolean {
  for (let node = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden')) return false;
    if (/display\s*:\s*none/i.test(node.getAttribute('style') ?? '')) return false;
  }
  return true;
}

const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function mailbox(el: Element): Mailbox {
  const name = clean(el.getAttribute('name') ?? el.textContent);
  return { name: name === 'me' ? '' : name, email: clean(el.getAttribute('email')).toLowerCase() };
}

// ---------------------------------------------------------------------------
// Dates: span.g3's title, e.g. "Tue, Jan 14, 2025, 10:32 AM", "14 Jan 2025, 10:32",
// "2025年1月14日 周二 上午10:32". Local time, like Gmail shows it.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function parseGmailDate(title: string): number {
  const text = title.replace(/[\u00a0\u202f]/g, ' ');
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

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'NOSCRIPT',
  'HEAD',
  'TITLE',
  'IFRAME',
  'OBJECT',
  'SVG',
  'IMG',
]);
const BLOCKS = new Set([
  'DIV', 'UL', 'OL', 'LI', 'TABLE', 'TBODY', 'THEAD', 'TR', 'PRE', 'SECTION', 'ARTICLE', 'HEADER',
  'FOOTER', 'DL', 'DT', 'DD', 'HR', 'ADDRESS', 'CENTER', 'FORM', 'FIGURE',
]); // prettier-ignore
const PARAGRAPHS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE']);
const BREAK = 1;
const PARAGRAPH = 2;

export function bodyText(root: Element): string {
  const tokens: (string | number)[] = [];
  let stopped = false;
  const walk = (node: Node, pre: boolean): void => {
    for (const child of Array.from(node.childNodes)) {
      if (stopped) return;
      if (child.nodeType === 3) {
        const value = child.nodeValue ?? '';
        tokens.push(pre ? value : value.replace(/[ \t\n\r\f]+/g, ' '));
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      const tag = el.tagName.toUpperCase();
      if (el.matches(QUOTE_STARTS)) {
        stopped = true;
        return;
      }
      if (SKIP.has(tag) || !isShownSelf(el) || el.matches(QUOTED)) continue;
      if (tag === 'BR') {
        tokens.push('\n');
        continue;
      }
      const kind = PARAGRAPHS.has(tag) ? PARAGRAPH : BLOCKS.has(tag) ? BREAK : 0;
      if (kind) tokens.push(kind);
      walk(el, pre || tag === 'PRE');
      if (kind) tokens.push(kind);
      if (tag === 'TD' || tag === 'TH') tokens.push(' ');
    }
  };
  walk(root, false);
  let out = '';
  for (const token of tokens) {
    if (typeof token === 'string') out += token;
    else if (out && !out.endsWith('\n')) out += token === PARAGRAPH ? '\n\n' : '\n';
    else if (out && token === PARAGRAPH && !out.endsWith('\n\n')) out += '\n';
  }
  const lines = out.split('\n').map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ''));
  return cutQuotedText(lines)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, BODY_LIMIT);
}

function isShownSelf(el: Element): boolean {
  return !el.hasAttribute('hidden') && !/display\s*:\s*none/i.test(el.getAttribute('style') ?? '');
}

/** Quoted history that other mail programs write as plain text (Outlook, QQ/Foxmail, "> " lines). */
function cutQuotedText(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines.slice(i + 1, i + 5).join('\n');
    if (/^-{2,}\s*(Original Message|原始邮件|原始郵件|Original)\s*-{2,}$/i.test(line))
      return lines.slice(0, i);
    if (/^(From|发件人|寄件者):\s*\S/.test(line) && /^(Sent|Date|发送时间|日期|寄件日期):/m.test(next)) {
      return lines.slice(0, i && /^_{8,}$/.test(lines[i - 1] ?? '') ? i - 1 : i);
    }
    if (/^On .{4,300} wrote:$/.test(line) && /^>/.test(lines[i + 1] ?? lines[i + 2] ?? ''))
      return lines.slice(0, i);
  }
  let end = lines.length;
  while (end > 0 && /^(>.*|)$/.test(lines[end - 1] ?? '')) end--;
  return lines.slice(0, end);
}

// ---------------------------------------------------------------------------
// The open conversation.

interface ThreadMessage {
  item: Element;
  messageId: string;
  sender: Element | null;
  body: Element | null;
  expanded: boolean;
  date: number;
}

function findConversation(doc: Document): { root: Element; heading: Element | null } | null {
  const heading = Array.from(doc.querySelectorAll(THREAD_HEADINGS)).find(isShown) ?? null;
  if (heading) {
    for (let node = heading.parentElement; node; node = node.parentElement) {
      if (node.querySelector(MESSAGE_IDS) || node.matches('[role="main"]')) return { root: node, heading };
    }
    return { root: doc.body, heading };
  }
  const message = Array.from(doc.querySelectorAll(MESSAGE_IDS)).find(isShown);
  if (!message) return null;
  return { root: message.closest('[role="main"]') ?? doc.body, heading: null };
}

function messageIdOf(el: Element | null): string {
  if (!el) return '';
  const legacy = clean(el.getAttribute('data-legacy-message-id'));
  if (/^[0-9a-f]{6,25}$/i.test(legacy)) return legacy.toLowerCase();
  const perm = /msg-[af]:(\d+)/.exec(el.getAttribute('data-message-id') ?? '');
  return perm ? hexFromDecimal(perm[1]!) : '';
}

function senderOf(item: Element, body: Element | null): Element | null {
  const candidates = Array.from(item.querySelectorAll('[email]')).filter(
    (el) =>
      !(body && body.contains(el)) && !el.closest('.ajA') && clean(el.getAttribute('email')).includes('@'),
  );
  return (
    candidates.find((el) => el.classList.contains('gD')) ??
    candidates.find((el) => !el.matches('.g2')) ??
    null
  );
}

function dateOf(item: Element, body: Element | null): number {
  const titled = Array.from(item.querySelectorAll('.g3[title], span[title], td[title]')).filter(
    (el) => !(body && body.contains(el)),
  );
  for (const el of titled) {
    const when = parseGmailDate(el.getAttribute('title') ?? '');
    if (when) return when;
  }
  return 0;
}

function threadMessages(root: Element): ThreadMessage[] {
  const listItems = Array.from(root.querySelectorAll('[role="listitem"]')).filter(
    (el) =>
      !el.parentElement?.closest('[role="listitem"]') &&
      (el.matches(MESSAGE_IDS) || el.querySelector(`${MESSAGE_IDS}, [email]`) !== null),
  );
  const items = listItems.length ? listItems : Array.from(root.querySelectorAll(MESSAGE_IDS));
  return items.filter(isShownOrCollapsed).map((item) => {
    const idEl = item.matches(MESSAGE_IDS) ? item : item.querySelector(MESSAGE_IDS);
    const body = item.querySelector(BODY);
    const expanded = item.getAttribute('aria-expanded') !== 'false' && body !== null && isShown(body);
    return {
      item,
      messageId: messageIdOf(idEl),
      sender: senderOf(item, body),
      body,
      expanded,
      date: dateOf(item, body),
    };
  });
}

function isShownOrCollapsed(el: Element): boolean {
  return isShown(el.parentElement) && isShownSelf(el);
}

/** Labelled rows of the "Show details" table: from:, reply-to:, to:, cc:. */
function detailRows(item: Element, body: Element | null): Map<string, Mailbox[]> {
  const rows = new Map<string, Mailbox[]>();
  for (const row of Array.from(item.querySelectorAll('tr'))) {
    if (body?.contains(row)) continue;
    const label = clean(row.firstElementChild?.textContent)
      .toLowerCase()
      .replace(/[:：]$/, '');
    if (!['from', 'reply-to', 'to', 'cc', 'bcc'].includes(label)) continue;
    rows.set(label, Array.from(row.querySelectorAll('[email]')).map(mailbox));
  }
  return rows;
}

export function accountAddress(doc: Document): string {
  const fromTitle = /([^\s<>()"]+@[^\s<>()"]+\.[A-Za-z]{2,})\s+-\s+Gmail\s*$/.exec(doc.title);
  if (fromTitle) return fromTitle[1]!.toLowerCase();
  const button = doc.querySelector('a[href*="SignOutOptions"][aria-label], a[aria-label^="Google Account"]');
  const fromButton = /[^\s<>()"]+@[^\s<>()"]+\.[A-Za-z]{2,}/.exec(button?.getAttribute('aria-label') ?? '');
  if (fromButton) return fromButton[0].toLowerCase();
  const fromGlobals = globals(doc, 10)[10] ?? '';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fromGlobals) ? fromGlobals.toLowerCase() : '';
}

function accountPath(loc: PageLocation): string {
  const m = /^\/mail(\/u\/\d+)?(\/d\/[^/]+)?\//.exec(loc.pathname);
  if (m?.[2]) return m[0];
  return `/mail${m?.[1] ?? '/u/0'}/`;
}

const unreadable = (reason: UnreadableReason): PageStateInput => unreadablePage(WEBMAIL, reason);

/** What the Gmail page shows now. Never throws. */
export function readGmail(doc: Document = document, loc: PageLocation = location): PageStateInput {
  try {
    const account = accountAddress(doc);
    const routeId = messageRouteId(loc.hash);
    const conversation = findConversation(doc);
    if (!conversation) {
      return routeId ? unreadable('no-message-markup') : { kind: 'none', webmail: WEBMAIL, account };
    }
    const messages = threadMessages(conversation.root);
    const open = messages.filter((m) => m.expanded).pop();
    if (!open) return unreadable('no-expanded-message');
    if (!open.sender) return unreadable('no-sender');
    if (!open.body) return unreadable('no-body');

    const details = detailRows(open.item, open.body);
    const from = mailbox(open.sender);
    const header = Array.from(open.item.querySelectorAll('.g2[email]')).filter(
      (el) => !open.body?.contains(el),
    );
    const to = details.get('to') ?? header.filter((el) => !el.closest('.ajA')).map(mailbox);
    const heading = conversation.heading;
    const legacyThread = clean(heading?.getAttribute('data-legacy-thread-id'));
    const permThread = /thread-[af]:(\d+)/.exec(heading?.getAttribute('data-thread-perm-id') ?? '');
    const threadId =
      (/^[0-9a-f]{6,25}$/i.test(legacyThread) ? legacyThread.toLowerCase() : '') ||
      (permThread ? hexFromDecimal(permThread[1]!) : '') ||
      (/^[0-9a-f]{16}$/i.test(routeId) ? routeId.toLowerCase() : '');
    const subject =
      clean(heading?.textContent) ||
      clean(doc.title.replace(/\s+-\s+[^\s]+@[^\s]+\s+-\s+Gmail\s*$/, '')) ||
      '';
    const url = routeId || !threadId ? loc.href : `${loc.origin}${accountPath(loc)}#all/${threadId}`;

    const inquiry: EmailInquiryInput = {
      webmail: WEBMAIL,
      account,
      threadId,
      messageId: open.messageId,
      url,
      from: details.get('from')?.[0] ?? from,
      replyTo: details.get('reply-to') ?? [],
      to,
      cc: details.get('cc') ?? [],
      subject: subject.slice(0, 2000),
      date: open.date,
      bodyText: bodyText(open.body),
      thread: messages
        .filter((m) => m.sender)
        .map((m) => ({ from: clean(m.sender?.getAttribute('email')).toLowerCase(), date: m.date })),
    };
    return { kind: 'inquiry', inquiry };
  } catch (error) {
    return unreadable(`read-failed:${error instanceof Error ? error.name : 'error'}`);
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
  return (end ? raw.slice(0, end.index) : raw).slice(0, RAW_HEADER_LIMIT);
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

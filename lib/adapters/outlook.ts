import type { EmailInquiryInput, Mailbox, PageStateInput } from '../email';
import { announceInput, insertReplyWith, type InsertOptions } from './compose';
import type { InsertResult } from '../messages';
import { bodyText } from './gmail';
import { unreadablePage, type PageLocation, type UnreadableReason, type WebmailAdapter } from './types';

// Outlook on the web (outlook.live.com for Outlook.com / Hotmail, outlook.office.com and
// outlook.office365.com for Microsoft 365), read from the isolated world, read-only.
//
// Page shapes supported (fixtures under test/fixtures/outlook/):
// - reading pane beside the list, one message:     /mail/0/inbox/id/<ConversationId>
// - a conversation: older messages collapsed (aria-expanded=false), the newest expanded, cc line
// - a message opened on its own (new window):       /mail/deeplink/read/<ItemId>?ItemID=…
// - a reply quoting history (#x_appendonsend, #x_divRplyFwdMsg, blockquote, "From: … Sent: …")
// - the list with nothing open:                     /mail/inbox, /mail/0/
// URL forms: /mail/[<n>/]<folder>/id/<id>, /mail/deeplink/read/<id>, ?ItemID=<id>; the ids are
// Exchange ids, AAQk… / AQQk… a conversation, AAMk… / AQMk… a message (Microsoft 365 / Outlook.com).
// Stable hooks first: role="main" aria-label="Reading Pane", [data-app-section], the MSG_<key>_FROM /
// _DATETIME and CONV_<key>_SUBJECT id family, [aria-label="Email message"], [aria-label^="From:"],
// [data-testid="SentReceivedSavedTime"], persona hover targets, span[title] with addresses,
// div[role=document] / [id^="UniqueMessageBody"], option[data-convid]. No obfuscated classes.
//
// Raw headers: Outlook has no same-origin "Show original" address. Its item service needs a
// token that only the page's own scripts hold, and this adapter never reaches into them, so
// no raw headers are reported: origin falls back on the sender's domain and signature.

const WEBMAIL = 'outlook' as const;
const HOSTS = /^https:\/\/outlook\.(live\.com|office\.com|office365\.com)\//;

const READING_PANE = [
  '[role="main"][aria-label="Reading Pane"]',
  '[data-app-section="MailReadCompose"]',
  '#ReadingPaneContainerId',
  '[data-app-section="ConversationContainer"]',
].join(', ');
/** The message text as shown; never the compose editor, which may carry the same label. */
const BODIES = [
  '[id^="UniqueMessageBody"]',
  'div[role="document"][aria-label="Message body"]',
  'div[role="document"][aria-label="邮件正文"]',
  'div[role="document"]',
].join(', ');
const FROM = '[id^="MSG_"][id$="_FROM"], [aria-label^="From:"], [aria-label^="发件人"]';
const TO =
  '[id^="MSG_"][id$="_TO"], [aria-label^="To:"], [aria-label^="收件人"], [data-testid="RecipientWell"]';
const CC = '[id^="MSG_"][id$="_CC"], [aria-label^="Cc:"], [aria-label^="CC:"], [aria-label^="抄送"]';
const DATE = '[data-testid="SentReceivedSavedTime"], [id^="MSG_"][id$="_DATETIME"], time[datetime]';
const SUBJECT = '[id^="CONV_"][id$="_SUBJECT"], [id$="_SUBJECT"][role="heading"]';
const MESSAGE = '[aria-label="Email message"], [aria-label="电子邮件"]';
const EDITOR = '[contenteditable="true"], [contenteditable=""]';
/** Where a quoted message begins in Outlook's HTML (ids arrive prefixed x_ in the reading pane). */
const QUOTE_STARTS =
  '[id$="appendonsend"], [id$="divRplyFwdMsg"], [id*="mail-editor-reference-message-container"]';
const QUOTED = '[class*="gmail_quote"], blockquote, [class*="moz-cite-prefix"], [class*="yahoo_quoted"]';

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

export function matches(url: string): boolean {
  return HOSTS.test(url);
}

const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function isShown(el: Element | null): boolean {
  for (let node = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden')) return false;
    if (/display\s*:\s*none/i.test(node.getAttribute('style') ?? '')) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Addresses

/** The ids an address carries: the route's id and the kind Exchange gives it. */
export interface RouteIds {
  conversationId: string;
  itemId: string;
  /** An id of unknown kind (custom layouts): used as the thread when nothing better is known. */
  otherId: string;
}

/** Conversation and item ids from /…/id/<id>, /deeplink/read/<id>, ?ItemID=… or ?ConversationId=…. */
export function routeIds(href: string): RouteIds {
  const ids: RouteIds = { conversationId: '', itemId: '', otherId: '' };
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return ids;
  }
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s).slice(0, 200);
    } catch {
      return '';
    }
  };
  const found = [
    /\/(?:id|read)\/([^/?#]+)/.exec(url.pathname)?.[1] ?? '',
    url.searchParams.get('ItemID') ??
      url.searchParams.get('itemid') ??
      url.searchParams.get('messageId') ??
      '',
    url.searchParams.get('ConversationId') ?? url.searchParams.get('conversationid') ?? '',
  ]
    .map((id) => (id.includes('%') ? decode(id) : id.slice(0, 200)))
    .filter((id) => /^[A-Za-z0-9+/=_-]{8,}$/.test(id));
  for (const id of found) {
    if (/^A[AQ]Qk/.test(id)) ids.conversationId ||= id;
    else if (/^A[AQ]Mk/.test(id)) ids.itemId ||= id;
    else ids.otherId ||= id;
  }
  return ids;
}

/** "Name <addr>", "addr", "From: Name <addr>" → a mailbox; the address may be empty. */
export function parseMailbox(text: string): Mailbox {
  const label = clean(text)
    .replace(/^(From|To|Cc|CC|发件人|收件人|抄送)\s*[:：]\s*/, '')
    .replace(/^Opens card for\s+/i, '');
  const email = (EMAIL.exec(label)?.[0] ?? '').toLowerCase();
  const name = clean(
    label
      .replace(/<[^>]*>|\([^)]*@[^)]*\)/g, ' ')
      .replace(EMAIL, ' ')
      .replace(/^["'\s]+|["'\s]+$/g, ''),
  );
  return { name: name.toLowerCase() === email ? '' : name, email };
}

/** The people named in a From/To/Cc element: persona targets, titled spans, else its own label. */
function mailboxesIn(el: Element): Mailbox[] {
  const out: Mailbox[] = [];
  const seen = new Set<string>();
  const add = (box: Mailbox) => {
    if (!box.email || seen.has(box.email)) return;
    seen.add(box.email);
    out.push(box);
  };
  const parts = Array.from(el.querySelectorAll('[data-lpc-hover-target-id], [title*="@"]')).filter(
    (part) => !part.parentElement?.closest('[data-lpc-hover-target-id], [title*="@"]') || part === el,
  );
  for (const part of parts) {
    const titled = part.matches('[title*="@"]') ? part : part.querySelector('[title*="@"]');
    const title = EMAIL.exec(titled?.getAttribute('title') ?? '')?.[0] ?? '';
    const shown = parseMailbox(part.textContent ?? '');
    const label = parseMailbox(part.getAttribute('aria-label') ?? '');
    add({ name: shown.name || label.name, email: (title || shown.email || label.email).toLowerCase() });
  }
  if (out.length) return out;
  // No parts: the element's own label or text, split on ; and , between addresses.
  const whole = el.getAttribute('aria-label') || el.textContent || '';
  for (const piece of whole.split(/[;,](?=[^<>]*(?:<|$))/)) add(parseMailbox(piece));
  return out;
}

// ---------------------------------------------------------------------------
// Dates: "Sun 6/14/2026 3:00 PM" (en-US), "Sun 14/06/2026 15:00" (en-GB), "14.06.2026 15:00",
// "2026/6/14 周日 15:00", "Sun, Jun 14, 2026 3:00 PM", or an ISO datetime attribute. Local time.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function parseOutlookDate(text: string, lang = 'en-US'): number {
  const s = text.replace(/[\u00a0\u202f\u200e\u200f]/g, ' ').trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) return Date.parse(s) || 0;
  let y = 0;
  let mo = -1;
  let d = 0;
  const ymd = /(\d{4})[/年.-](\d{1,2})[/月.-](\d{1,2})日?/.exec(s);
  const numeric = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/.exec(s);
  const monthFirst = /\b([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})\b/.exec(s);
  const dayFirst = /\b(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})\b/.exec(s);
  if (ymd) [y, mo, d] = [Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3])];
  else if (numeric) {
    const [a, b] = [Number(numeric[1]), Number(numeric[2])];
    // en-US writes month first; most other locales day first. A part above 12 settles it.
    const usOrder = /^en(-US)?$/i.test(lang) || /^en-(PH|CA)$/i.test(lang);
    const monthFirstOrder = a > 12 ? false : b > 12 ? true : usOrder;
    [y, mo, d] = [Number(numeric[3]), (monthFirstOrder ? a : b) - 1, monthFirstOrder ? b : a];
  } else if (monthFirst)
    [y, mo, d] = [Number(monthFirst[3]), MONTHS.indexOf(monthFirst[1]!.toLowerCase()), Number(monthFirst[2])];
  else if (dayFirst)
    [y, mo, d] = [Number(dayFirst[3]), MONTHS.indexOf(dayFirst[2]!.toLowerCase()), Number(dayFirst[1])];
  if (mo < 0 || mo > 11 || d < 1 || d > 31) return 0;
  const rest = s.replace(ymd?.[0] ?? numeric?.[0] ?? monthFirst?.[0] ?? dayFirst?.[0] ?? '', ' ');
  const time = /(上午|下午)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?/i.exec(rest);
  let h = time ? Number(time[2]) : 0;
  const marker = time ? (time[5] ?? '') + (time[1] ?? '') : '';
  if (/PM|下午/i.test(marker) && h < 12) h += 12;
  if (/AM|上午/i.test(marker) && h === 12) h = 0;
  return new Date(y, mo, d, h, time ? Number(time[3]) : 0, time ? Number(time[4] ?? 0) : 0).getTime();
}

function dateOf(item: Element, body: Element | null, lang: string): number {
  for (const el of Array.from(item.querySelectorAll(DATE))) {
    if (body?.contains(el)) continue;
    for (const text of [el.getAttribute('datetime'), el.getAttribute('title'), el.textContent]) {
      const when = parseOutlookDate(text ?? '', lang);
      if (when) return when;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Message text without quoted history

/** Removes `start` and everything after it inside `root`, in document order. */
function cutFrom(root: Element, start: Element): void {
  for (let node: Element | null = start; node && node !== root; node = node.parentElement) {
    while (node.nextSibling) node.nextSibling.remove();
  }
  start.remove();
}

/** Plain text of an Outlook message body, without quoted history, hidden parts or markup. */
export function outlookBodyText(body: Element): string {
  const copy = body.cloneNode(true) as Element;
  const start = copy.querySelector(QUOTE_STARTS);
  if (start) cutFrom(copy, start);
  copy.querySelectorAll(QUOTED).forEach((el) => el.remove());
  return bodyText(copy);
}

// ---------------------------------------------------------------------------
// The open conversation

interface ThreadMessage {
  item: Element;
  key: string;
  body: Element | null;
  from: Mailbox | null;
  date: number;
}

function findReadingPane(doc: Document): Element | null {
  return Array.from(doc.querySelectorAll(READING_PANE)).find(isShown) ?? null;
}

function isDraft(el: Element): boolean {
  return el.matches(EDITOR) || el.querySelector(EDITOR) !== null || el.closest(EDITOR) !== null;
}

/** The message around a body: its "Email message" region, else the nearest ancestor with a From line. */
function itemOf(body: Element, root: Element): Element {
  const labelled = body.closest(MESSAGE);
  if (labelled && root.contains(labelled)) return labelled;
  for (let node = body.parentElement; node && node !== root.parentElement; node = node.parentElement) {
    if (node.querySelector(FROM)) return node;
  }
  return body;
}

/** The key Outlook gives a message in its MSG_<key>_FROM / _DATETIME ids. */
function messageKey(item: Element): string {
  for (const el of Array.from(item.querySelectorAll('[id^="MSG_"]'))) {
    const key = /^MSG_(.+)_(FROM|DATETIME|SUBJECT|TO|CC|ATTACHMENTS)$/.exec(el.id)?.[1];
    if (key) return key.slice(0, 200);
  }
  return '';
}

function senderOf(item: Element, body: Element | null): Mailbox | null {
  const fromEl = Array.from(item.querySelectorAll(FROM)).find((el) => !body?.contains(el));
  const found = fromEl ? mailboxesIn(fromEl)[0] : undefined;
  if (found) {
    // The name may sit outside the part that holds the address (in the From line's own label).
    if (!found.name && fromEl) found.name = parseMailbox(fromEl.getAttribute('aria-label') ?? '').name;
    return found;
  }
  // Collapsed messages show the sender as a titled span.
  const titled = Array.from(item.querySelectorAll('[title*="@"]')).find((el) => !body?.contains(el));
  if (!titled) return null;
  const email = (EMAIL.exec(titled.getAttribute('title') ?? '')?.[0] ?? '').toLowerCase();
  return email ? { name: parseMailbox(titled.textContent ?? '').name, email } : null;
}

function recipientsOf(item: Element, body: Element | null, selector: string): Mailbox[] {
  const el = Array.from(item.querySelectorAll(selector)).find((e) => !body?.contains(e));
  return el ? mailboxesIn(el) : [];
}

function threadMessages(pane: Element, lang: string): ThreadMessage[] {
  const items: ThreadMessage[] = [];
  const seen = new Set<Element>();
  const bodies = Array.from(pane.querySelectorAll(BODIES)).filter(
    (body) => !isDraft(body) && isShown(body) && !body.parentElement?.closest(BODIES),
  );
  for (const body of bodies) {
    const item = itemOf(body, pane);
    // An open reply box may sit inside the message it answers: only the body itself must not be a draft.
    if (seen.has(item)) continue;
    seen.add(item);
    items.push({
      item,
      key: messageKey(item),
      body,
      from: senderOf(item, body),
      date: dateOf(item, body, lang),
    });
  }
  // Collapsed messages: a toggle with a date and no body.
  for (const toggle of Array.from(pane.querySelectorAll('[aria-expanded="false"]'))) {
    if (
      !isShown(toggle) ||
      !toggle.querySelector(DATE) ||
      items.some((m) => m.item.contains(toggle) || toggle.contains(m.item))
    )
      continue;
    if (Array.from(seen).some((el) => el.contains(toggle))) continue;
    seen.add(toggle);
    items.push({
      item: toggle,
      key: messageKey(toggle),
      body: null,
      from: senderOf(toggle, null),
      date: dateOf(toggle, null, lang),
    });
  }
  return items;
}

/** The signed-in mailbox: the account manager, the folder pane's mailbox node, or /mail/<addr>/. */
export function accountAddress(doc: Document, loc: PageLocation): string {
  const candidates = [
    doc.querySelector('#mectrl_currentAccount_secondary')?.textContent,
    ...Array.from(
      doc.querySelectorAll(
        '[data-app-section="NavigationPane"] [title*="@"], [role="navigation"] [role="treeitem"][title*="@"]',
      ),
    ).map((el) => el.getAttribute('title')),
    doc
      .querySelector('#O365_MainLink_Me[aria-label*="@"], [aria-label^="Account manager"][aria-label*="@"]')
      ?.getAttribute('aria-label'),
    /^\/mail\/([^/]+@[^/]+)\//.exec(decodeURIComponentSafe(loc.pathname))?.[1],
  ];
  for (const text of candidates) {
    const email = EMAIL.exec(text ?? '')?.[0];
    if (email) return email.toLowerCase();
  }
  return '';
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The selected list row's conversation id, when the list is beside the reading pane. */
function selectedConversation(doc: Document): string {
  const row = doc.querySelector(
    '[role="option"][aria-selected="true"][data-convid], [data-convid][aria-selected="true"]',
  );
  return clean(row?.getAttribute('data-convid')).slice(0, 200);
}

const unreadable = (reason: UnreadableReason): PageStateInput => unreadablePage(WEBMAIL, reason);

/** What the Outlook page shows now. Never throws. */
export function readOutlook(doc: Document = document, loc: PageLocation = location): PageStateInput {
  try {
    const account = accountAddress(doc, loc);
    const route = routeIds(loc.href);
    const routeOpen = Boolean(route.conversationId || route.itemId || route.otherId);
    const pane = findReadingPane(doc);
    const subjectEl = pane ? Array.from(pane.querySelectorAll(SUBJECT)).find(isShown) : undefined;
    const paneOpen = Boolean(
      pane && (subjectEl || Array.from(pane.querySelectorAll(`${MESSAGE}, ${FROM}`)).some(isShown)),
    );
    const lang = doc.documentElement.getAttribute('lang') || 'en-US';
    const messages = pane ? threadMessages(pane, lang) : [];
    const expanded = messages.filter((m) => m.body);
    if (!expanded.length) {
      return routeOpen || paneOpen
        ? unreadable('no-message-markup')
        : { kind: 'none', webmail: WEBMAIL, account };
    }
    // The newest expanded message is the one the rep is reading; ties go to the last on the page.
    const open = expanded.reduce((best, m) => (m.date >= best.date ? m : best));
    if (!open.from) return unreadable('no-sender');
    if (!open.body) return unreadable('no-body');

    const conversationFromDom = clean(pane?.querySelector('[data-convid]')?.getAttribute('data-convid'));
    const subjectKey = /^CONV_(.+)_SUBJECT$/.exec(subjectEl?.id ?? '')?.[1] ?? '';
    const messageId = route.itemId || open.key;
    const threadId = (
      route.conversationId ||
      selectedConversation(doc) ||
      conversationFromDom ||
      route.otherId ||
      subjectKey ||
      messageId
    ).slice(0, 200);
    const subject = clean(subjectEl?.getAttribute('title') || subjectEl?.textContent || '');

    const inquiry: EmailInquiryInput = {
      webmail: WEBMAIL,
      account,
      threadId,
      messageId: messageId.slice(0, 200),
      url: loc.href.slice(0, 2000),
      from: open.from,
      replyTo: [],
      to: recipientsOf(open.item, open.body, TO),
      cc: recipientsOf(open.item, open.body, CC),
      subject: subject.slice(0, 2000),
      date: open.date,
      bodyText: outlookBodyText(open.body),
      thread: messages
        .filter((m) => m.from)
        .sort((a, b) => a.date - b.date)
        .map((m) => ({ from: m.from!.email, date: m.date })),
    };
    return { kind: 'inquiry', inquiry };
  } catch (error) {
    return unreadable(`read-failed:${error instanceof Error ? error.name : 'error'}`);
  }
}

export const outlook: WebmailAdapter = { id: WEBMAIL, matches, read: readOutlook };

// ---------------------------------------------------------------------------
// Reply drafts: put text in the open reply box. Never sends.

const EDITORS = [
  'div[contenteditable="true"][role="textbox"]',
  'div[contenteditable="true"][aria-label^="Message body"]',
  'div[contenteditable="true"][aria-label^="邮件正文"]',
].join(', ');
const REPLY_BUTTONS = [
  'button[aria-label="Reply"]',
  '[role="button"][aria-label="Reply"]',
  'button[aria-label="答复"]',
  'button[aria-label="回复"]',
  '[role="menuitem"][aria-label="Reply"]',
  'button[name="Reply"]',
];
/** Where the reply box's own text ends: the signature, then the quoted message. */
const DRAFT_STOPS =
  '[id$="Signature"], [id$="signature"], [id$="appendonsend"], [id$="divRplyFwdMsg"], [id*="mail-editor-reference-message-container"], hr';

function findReplyBox(doc: Document): HTMLElement | null {
  const boxes = Array.from(doc.querySelectorAll<HTMLElement>(EDITORS)).filter(isShown);
  return boxes.find((box) => box.closest(READING_PANE)) ?? boxes.pop() ?? null;
}

function findReplyButton(doc: Document): HTMLElement | null {
  const pane = findReadingPane(doc);
  for (const selector of REPLY_BUTTONS) {
    const shown = Array.from(doc.querySelectorAll<HTMLElement>(selector)).filter(isShown);
    const inPane = shown.filter((el) => pane?.contains(el));
    const pick = inPane.length ? inPane : shown;
    if (pick.length) return pick[0]!;
  }
  return null;
}

function press(el: HTMLElement): void {
  const view = el.ownerDocument.defaultView;
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
    const event = view ? new view.MouseEvent(type, { bubbles: true, cancelable: true }) : new Event(type);
    el.dispatchEvent(event);
  }
}

/** Writes plain text as Outlook's own draft markup: one div per line, <div><br></div> for a blank one. */
function writeDraft(box: HTMLElement, text: string): void {
  const doc = box.ownerDocument;
  const children = Array.from(box.childNodes);
  const stop = children.find(
    (node) =>
      node.nodeType === 1 &&
      ((node as Element).matches(DRAFT_STOPS) || (node as Element).querySelector(DRAFT_STOPS) !== null),
  );
  const before = children.slice(0, stop ? children.indexOf(stop) : undefined);
  if (before.every((node) => !clean(node.textContent))) before.forEach((node) => node.remove());
  const fragment = doc.createDocumentFragment();
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const div = doc.createElement('div');
    div.appendChild(line ? doc.createTextNode(line) : doc.createElement('br'));
    fragment.appendChild(div);
  }
  if (stop) {
    const gap = doc.createElement('div');
    gap.appendChild(doc.createElement('br'));
    fragment.appendChild(gap);
  }
  box.insertBefore(fragment, stop ?? null);
  announceInput(box, doc);
}

/** Put a reply draft in the open message's reply box, opening it with the Reply button if needed. */
export function insertReply(doc: Document, text: string, options: InsertOptions = {}): Promise<InsertResult> {
  return insertReplyWith({ findReplyBox, findReplyButton, press, writeDraft }, doc, text, options);
}

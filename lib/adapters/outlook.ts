import type { EmailInquiryInput, Mailbox, PageStateInput } from '../email';
import type { CutField, ReadLayer } from '../email-limits';
import { EMAIL_LIMITS } from '../email-limits';
import { announceInput, insertReplyWith, type InsertOptions } from './compose';
import type { InsertResult } from '../messages';
import { readBodyText } from './body-text';
import { fitInquiry } from './fit';
import { addressInText, addressesOnPage, ARIA, firstLayer, isShown, mailboxOf, type Layered } from './layers';
import { clean, findAddress, parseMailbox } from './page-text';
import { webmailOfUrl } from '../webmail/hosts';
import { unreadablePage, type PageLocation, type ReadHints, type WebmailAdapter } from './types';

export { parseMailbox } from './page-text';

// Outlook on the web (outlook.live.com for Outlook.com / Hotmail, outlook.office.com and
// outlook.office365.com for Microsoft 365), read from the isolated world, read-only.
//
// Page shapes supported (fixtures under test/fixtures/outlook/):
// - reading pane beside the list, one message:     /mail/0/inbox/id/<ConversationId>
// - a conversation: older messages collapsed (aria-expanded=false), the newest expanded, cc line
// - a message opened on its own (new window):       /mail/deeplink/read/<ItemId>?ItemID=…
// - a reply quoting history (#x_appendonsend, #x_divRplyFwdMsg, blockquote, "From: … Sent: …")
// - the list with nothing open:                     /mail/inbox, /mail/0/
// - builds without the MSG_/CONV_ ids (Outlook.com's consumer build, the popout of a message):
//   read through the Reading Pane / Message body landmarks, the sender's accessible name
//   ("From: Name <address>", persona buttons) and the subject's heading, else through the
//   page's structure (the address written next to the heading)
// URL forms: /mail/[<n>/]<folder>/id/<id>, /mail/deeplink/read/<id>, ?ItemID=<id>; the ids are
// Exchange ids, AAQk… / AQQk… a conversation, AAMk… / AQMk… a message (Microsoft 365 / Outlook.com).
// Layers, strongest first (each field reports the one that read it):
// - hooks: [data-app-section], #ReadingPaneContainerId, the MSG_<key>_FROM / _DATETIME and
//   CONV_<key>_SUBJECT ids, [id^="UniqueMessageBody"], option[data-convid], the route's ids;
// - aria: role="main"/"region" aria-label="Reading Pane", [aria-label="Email message"],
//   [aria-label^="From:"], persona hover targets and span[title] with addresses, the level 1-2
//   heading, role="document"/"region" aria-label="Message body";
// - structure: role="main", an unlabelled role="document", the first address after the heading.
// [data-testid="SentReceivedSavedTime"] / time[datetime] give dates. No obfuscated classes.
//
// Budgets: at most MESSAGE_BUDGET messages of a conversation are walked (the first and the last
// halves), each body is read to the budget of body-text.ts, every label is scanned linearly; what
// is cut is reported in the inquiry's `cut`.
//
// Raw headers: Outlook has no same-origin "Show original" address. Its item service needs a
// token that only the page's own scripts hold, and this adapter never reaches into them, so
// no raw headers are reported: origin falls back on the sender's domain and signature.

const WEBMAIL = 'outlook' as const;

/**
 * Messages of one conversation walked at most: half from each end. Far above a real conversation,
 * and low enough that reading 3,000 collapsed messages stays within the 50 ms a read may take on
 * the webmail's thread (issue 16); the card says the conversation was cut.
 */
export const MESSAGE_BUDGET = 100;

const READING_PANE_HOOKS = [
  '[data-app-section="MailReadCompose"]',
  '#ReadingPaneContainerId',
  '[data-app-section="ConversationContainer"]',
].join(', ');
const BODY_HOOKS = '[id^="UniqueMessageBody"]';
/** An unlabelled document region: the message text in builds that label nothing. */
const BODY_STRUCTURE = 'div[role="document"]';
const BODIES = `${BODY_HOOKS}, ${ARIA.body}, ${BODY_STRUCTURE}`;
const FROM_HOOKS = '[id^="MSG_"][id$="_FROM"]';
const FROM = `${FROM_HOOKS}, ${ARIA.from}`;
const PERSONAS = '[data-lpc-hover-target-id], [role="button"][aria-label*="@"], [title*="@"]';
const TO =
  '[id^="MSG_"][id$="_TO"], [aria-label^="To:"], [aria-label^="收件人"], [data-testid="RecipientWell"]';
const CC = '[id^="MSG_"][id$="_CC"], [aria-label^="Cc:"], [aria-label^="CC:"], [aria-label^="抄送"]';
const RECIPIENTS = `${TO}, ${CC}`;
const DATE = '[data-testid="SentReceivedSavedTime"], [id^="MSG_"][id$="_DATETIME"], time[datetime]';
const SUBJECT_HOOKS = '[id^="CONV_"][id$="_SUBJECT"], [id$="_SUBJECT"][role="heading"]';
const EDITOR = '[contenteditable="true"], [contenteditable=""]';
/** Where a quoted message begins in Outlook's HTML (ids arrive prefixed x_ in the reading pane). */
const QUOTE_STARTS =
  '[id$="appendonsend"], [id$="divRplyFwdMsg"], [id*="mail-editor-reference-message-container"]';
const QUOTED = '[class*="gmail_quote"], blockquote, [class*="moz-cite-prefix"], [class*="yahoo_quoted"]';

/** Outlook's hosts are listed with every webmail's in lib/webmail/hosts.ts. */
export function matches(url: string): boolean {
  return webmailOfUrl(url) === WEBMAIL;
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
    url = new URL(href.slice(0, 8000));
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
    /\/(?:id|read)\/([^/?#]{1,1000})/.exec(url.pathname)?.[1] ?? '',
    url.searchParams.get('ItemID') ??
      url.searchParams.get('itemid') ??
      url.searchParams.get('messageId') ??
      '',
    url.searchParams.get('ConversationId') ?? url.searchParams.get('conversationid') ?? '',
  ]
    .map((id) => (id.includes('%') ? decode(id.slice(0, 1000)) : id.slice(0, 200)))
    .filter((id) => /^[A-Za-z0-9+/=_-]{8,}$/.test(id));
  for (const id of found) {
    if (/^A[AQ]Qk/.test(id)) ids.conversationId ||= id;
    else if (/^A[AQ]Mk/.test(id)) ids.itemId ||= id;
    else ids.otherId ||= id;
  }
  return ids;
}

/** The parts of a From/To/Cc line that name one person each. */
const PERSONA_PARTS = '[data-lpc-hover-target-id], [title*="@"], [aria-label*="@"]';

/** The people named in a From/To/Cc element: persona targets, titled spans, else its own label. */
function mailboxesIn(el: Element): Mailbox[] {
  const out: Mailbox[] = [];
  const seen = new Set<string>();
  const add = (box: Mailbox) => {
    if (!box.email || seen.has(box.email) || out.length >= EMAIL_LIMITS.recipients + 1) return;
    seen.add(box.email);
    out.push(box);
  };
  const parts = Array.from(el.querySelectorAll(PERSONA_PARTS))
    .slice(0, 2000)
    .filter((part) => part.parentElement === el || !part.parentElement?.closest(PERSONA_PARTS));
  for (const part of parts) {
    const titled = part.matches('[title*="@"]') ? part : part.querySelector('[title*="@"]');
    const title = findAddress(titled?.getAttribute('title') ?? '');
    const shown = parseMailbox(part.textContent?.slice(0, 5000) ?? '');
    const label = parseMailbox(part.getAttribute('aria-label') ?? '');
    add({ name: shown.name || label.name, email: (title || shown.email || label.email).toLowerCase() });
  }
  if (out.length) return out;
  // No parts: the element's own label or text, split on ; and , between addresses.
  const whole = (el.getAttribute('aria-label') || el.textContent || '').slice(0, 100_000);
  for (const piece of whole.split(/[;,]/).slice(0, 2000)) add(parseMailbox(piece));
  return out;
}

// ---------------------------------------------------------------------------
// Dates: "Sun 6/14/2026 3:00 PM" (en-US), "Sun 14/06/2026 15:00" (en-GB), "14.06.2026 15:00",
// "2026/6/14 周日 15:00", "Sun, Jun 14, 2026 3:00 PM", or an ISO datetime attribute. Local time.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function parseOutlookDate(text: string, lang = 'en-US'): number {
  const s = text
    .slice(0, 200)
    .replace(/[\u00a0\u202f\u200e\u200f]/g, ' ')
    .trim();
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
  const found = item.querySelectorAll(DATE);
  for (let i = 0; i < found.length && i < 20; i++) {
    const el = found[i]!;
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

/** Plain text of an Outlook message body, without quoted history, hidden parts or markup. */
export function outlookBodyText(body: Element): string {
  return readBodyText(body, { stopAt: QUOTE_STARTS, skip: QUOTED }).text;
}

// ---------------------------------------------------------------------------
// The open conversation

interface ThreadMessage {
  item: Element;
  key: string;
  body: Element | null;
  bodyLayer: ReadLayer;
  from: Layered<Mailbox> | null;
  date: number;
}

function findReadingPane(doc: Document): Layered<Element> | null {
  const shown = (selector: string) => Array.from(doc.querySelectorAll(selector)).find(isShown);
  return firstLayer<Element>([
    ['hooks', () => shown(READING_PANE_HOOKS)],
    ['aria', () => shown(ARIA.readingPane)],
    ['structure', () => shown('[role="main"]')],
  ]);
}

function isDraft(el: Element): boolean {
  return el.matches(EDITOR) || el.querySelector(EDITOR) !== null || el.closest(EDITOR) !== null;
}

/** Ancestors of a body looked at for its message's header. */
const ITEM_CLIMB = 12;

/** The message around a body: its "Email message" region, else the nearest ancestor with a From line or an address. */
function itemOf(body: Element, root: Element): Element {
  const labelled = body.closest(ARIA.message);
  if (labelled && root.contains(labelled)) return labelled;
  let node = body.parentElement;
  for (let up = 0; node && node !== root.parentElement && up < ITEM_CLIMB; node = node.parentElement, up++) {
    if (node.querySelector(FROM)) return node;
  }
  node = body.parentElement;
  for (let up = 0; node && node !== root && up < ITEM_CLIMB; node = node.parentElement, up++) {
    const header = Array.from(node.querySelectorAll(PERSONAS)).slice(0, 50);
    if (header.some((el) => !body.contains(el) && !el.closest(RECIPIENTS))) return node;
  }
  return body.parentElement && body.parentElement !== root ? body.parentElement : body;
}

/** The key Outlook gives a message in its MSG_<key>_FROM / _DATETIME ids. */
function messageKey(item: Element): string {
  const found = item.querySelectorAll('[id^="MSG_"]');
  for (let i = 0; i < found.length && i < 20; i++) {
    const key = /^MSG_(.{1,200})_(FROM|DATETIME|SUBJECT|TO|CC|ATTACHMENTS)$/.exec(
      found[i]!.id.slice(0, 300),
    )?.[1];
    if (key) return key;
  }
  return '';
}

const outside = (body: Element | null) => (el: Element) => !body?.contains(el);

function senderOf(item: Element, body: Element | null): Layered<Mailbox> | null {
  const fromLine = (selector: string) => {
    const el = Array.from(item.querySelectorAll(selector)).slice(0, 20).find(outside(body));
    const found = el ? mailboxesIn(el)[0] : undefined;
    // The name may sit outside the part that holds the address (in the From line's own label).
    if (found && !found.name && el) found.name = parseMailbox(el.getAttribute('aria-label') ?? '').name;
    return found;
  };
  return firstLayer<Mailbox>([
    ['hooks', () => fromLine(FROM_HOOKS)],
    ['aria', () => fromLine(ARIA.from)],
    [
      // A persona button or titled span outside the body and the To/Cc lines (collapsed messages, new builds).
      'aria',
      () => {
        const el = Array.from(item.querySelectorAll(PERSONAS))
          .slice(0, 50)
          .find((e) => outside(body)(e) && !e.closest(RECIPIENTS));
        return el ? mailboxOf(el) : null;
      },
    ],
    ['structure', () => addressInText(item, body ? [body] : [])],
  ]);
}

function recipientsOf(item: Element, body: Element | null, selector: string): Mailbox[] {
  const el = Array.from(item.querySelectorAll(selector)).slice(0, 20).find(outside(body));
  return el ? mailboxesIn(el) : [];
}

function bodyLayerOf(body: Element): ReadLayer {
  return body.matches(BODY_HOOKS) ? 'hooks' : body.matches(ARIA.body) ? 'aria' : 'structure';
}

/** The elements of a long list the reader walks: all of a short one, the two ends of a long one. */
function within<T>(list: ArrayLike<T>, budget: number, cuts: Set<CutField>, field: CutField): T[] {
  if (list.length <= budget) return Array.from(list);
  cuts.add(field);
  const half = Math.floor(budget / 2);
  const out: T[] = [];
  for (let i = 0; i < half; i++) out.push(list[i]!);
  for (let i = list.length - (budget - half); i < list.length; i++) out.push(list[i]!);
  return out;
}

function threadMessages(pane: Element, lang: string, cuts: Set<CutField>): ThreadMessage[] {
  const items: ThreadMessage[] = [];
  const seen = new Set<Element>();
  const bodies = within(pane.querySelectorAll(BODIES), MESSAGE_BUDGET, cuts, 'thread').filter(
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
      bodyLayer: bodyLayerOf(body),
      from: senderOf(item, body),
      date: dateOf(item, body, lang),
    });
  }
  const expanded = items.slice();
  // Collapsed messages: a toggle with a date and no body. A toggle inside another accepted one (or
  // inside an expanded message) is part of it: found by walking up to an accepted element.
  const toggles = within(pane.querySelectorAll('[aria-expanded="false"]'), MESSAGE_BUDGET, cuts, 'thread');
  for (const toggle of toggles) {
    if (!toggle.querySelector(DATE) || !isShown(toggle)) continue;
    if (expanded.some((m) => toggle.contains(m.item))) continue;
    let inside = false;
    for (let node: Element | null = toggle, up = 0; node && up < 400; node = node.parentElement, up++) {
      if (seen.has(node)) {
        inside = true;
        break;
      }
    }
    if (inside) continue;
    seen.add(toggle);
    items.push({
      item: toggle,
      key: messageKey(toggle),
      body: null,
      bodyLayer: 'structure',
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
    )
      .slice(0, 20)
      .map((el) => el.getAttribute('title')),
    doc
      .querySelector('#O365_MainLink_Me[aria-label*="@"], [aria-label^="Account manager"][aria-label*="@"]')
      ?.getAttribute('aria-label'),
    /^\/mail\/([^/]{1,320}@[^/]{1,255})\//.exec(decodeURIComponentSafe(loc.pathname.slice(0, 2000)))?.[1],
  ];
  for (const text of candidates) {
    const email = findAddress(text ?? '');
    if (email && email.length <= EMAIL_LIMITS.address) return email.toLowerCase();
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
  return clean(row?.getAttribute('data-convid'), 1000);
}

/** The subject: the conversation's CONV_ id, else the pane's heading (not a message's own). */
function subjectOf(pane: Element, bodies: readonly Element[]): Layered<string> | null {
  const text = (el: Element | undefined) =>
    el ? clean(el.getAttribute('title') || el.textContent) || null : null;
  const headings = (selector: string) =>
    Array.from(pane.querySelectorAll(selector))
      .slice(0, 50)
      .find(
        (el) =>
          isShown(el) &&
          !bodies.some((b) => b.contains(el)) &&
          !el.matches(`${FROM}, ${RECIPIENTS}, ${DATE}`),
      );
  return firstLayer<string>([
    ['hooks', () => text(headings(SUBJECT_HOOKS))],
    ['aria', () => text(headings(ARIA.heading))],
  ]);
}

/** What the Outlook page shows now. Never throws. */
export function readOutlook(
  doc: Document = document,
  loc: PageLocation = location,
  hints: ReadHints = {},
): PageStateInput {
  try {
    const account = accountAddress(doc, loc);
    const route = routeIds(loc.href);
    const routeOpen = Boolean(route.conversationId || route.itemId || route.otherId);
    const paneFound = findReadingPane(doc);
    const pane = paneFound?.value ?? null;
    const cuts = new Set<CutField>();
    const lang = (doc.documentElement.getAttribute('lang') || 'en-US').slice(0, 20);
    const messages = pane ? threadMessages(pane, lang, cuts) : [];
    const expanded = messages.filter((m) => m.body);
    const subject = pane
      ? subjectOf(
          pane,
          expanded.map((m) => m.body!),
        )
      : null;
    const paneOpen = Boolean(
      pane &&
      paneFound?.layer !== 'structure' &&
      (subject || Array.from(pane.querySelectorAll(`${ARIA.message}, ${FROM}`)).some(isShown)),
    );
    const candidates = () => addressesOnPage(pane ?? doc.body, account, EMAIL_LIMITS.candidates);
    if (!expanded.length) {
      return routeOpen || paneOpen
        ? unreadablePage(WEBMAIL, 'no-message-markup', candidates())
        : { kind: 'none', webmail: WEBMAIL, account };
    }
    // The newest expanded message is the one the rep is reading; ties go to the last on the page.
    const open = expanded.reduce((best, m) => (m.date >= best.date ? m : best));
    // No sender on the message: the address next to the heading, else the one the rep picked.
    const from =
      open.from ??
      (expanded.length === 1 && pane
        ? firstLayer<Mailbox>([
            ['structure', () => addressInText(pane, [open.body!], subject ? headingOf(pane) : null)],
          ])
        : null) ??
      (hints.from?.email ? { value: hints.from, layer: 'picked' as const } : null);
    if (!from) return unreadablePage(WEBMAIL, 'no-sender', candidates());
    const body = readBodyText(open.body!, { stopAt: QUOTE_STARTS, skip: QUOTED });
    if (body.cut) cuts.add('body');

    const conversationFromDom = clean(
      pane?.querySelector('[data-convid]')?.getAttribute('data-convid'),
      1000,
    );
    const subjectEl = pane?.querySelector(SUBJECT_HOOKS);
    const subjectKey = /^CONV_(.{1,200})_SUBJECT$/.exec(subjectEl?.id.slice(0, 300) ?? '')?.[1] ?? '';
    const messageId = route.itemId || open.key;
    const threadId =
      route.conversationId ||
      selectedConversation(doc) ||
      conversationFromDom ||
      route.otherId ||
      subjectKey ||
      messageId;

    const inquiry: EmailInquiryInput = {
      webmail: WEBMAIL,
      account,
      threadId,
      messageId,
      url: loc.href,
      from: from.value,
      replyTo: [],
      to: recipientsOf(open.item, open.body, TO),
      cc: recipientsOf(open.item, open.body, CC),
      subject: subject?.value ?? '',
      date: open.date,
      bodyText: body.text,
      thread: messages
        .filter((m) => m.from)
        .sort((a, b) => a.date - b.date)
        .map((m) => ({ from: m.from!.value.email, date: m.date })),
      readBy: {
        from: from.layer,
        ...(subject ? { subject: subject.layer } : {}),
        body: open.bodyLayer,
      },
    };
    return { kind: 'inquiry', inquiry: fitInquiry(inquiry, cuts) };
  } catch (error) {
    return unreadablePage(
      WEBMAIL,
      `read-failed:${error instanceof Error ? error.name.slice(0, 100) : 'error'}`,
    );
  }
}

function headingOf(pane: Element): Element | null {
  return (
    Array.from(pane.querySelectorAll(`${SUBJECT_HOOKS}, ${ARIA.heading}`))
      .slice(0, 50)
      .find(isShown) ?? null
  );
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
  return (
    boxes.find((box) => box.closest(`${READING_PANE_HOOKS}, ${ARIA.readingPane}`)) ?? boxes.pop() ?? null
  );
}

function findReplyButton(doc: Document): HTMLElement | null {
  const pane = findReadingPane(doc)?.value;
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

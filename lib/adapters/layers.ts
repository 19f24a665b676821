import type { Mailbox } from '../email';
import type { ReadLayer } from '../email-limits';
import { clean, findAddresses, parseMailbox } from './page-text';

// Readers in layers (issue 15): each field is tried first with what the webmail exposes most
// stably (its ids and routes: 'hooks'), then with what every build exposes to assistive
// technology (landmarks, accessible names, headings: 'aria'), then with the page's structure (an
// address next to the reading pane's heading: 'structure'). The reader says which layer read each
// field; the card marks a field a weaker layer read.

export interface Layered<T> {
  value: T;
  layer: ReadLayer;
}

/** The first layer that finds something. */
export function firstLayer<T>(
  tries: ReadonlyArray<readonly [ReadLayer, () => T | null | undefined]>,
): Layered<T> | null {
  for (const [layer, find] of tries) {
    const value = find();
    if (value !== null && value !== undefined) return { value, layer };
  }
  return null;
}

/** Ancestors walked at most when asking whether an element is shown (a page may nest deeply). */
const ANCESTOR_LIMIT = 400;

export function isShown(el: Element | null): boolean {
  let depth = 0;
  for (let node = el; node && depth < ANCESTOR_LIMIT; node = node.parentElement, depth++) {
    if (node.hasAttribute('hidden') || node.getAttribute('aria-hidden') === 'true') return false;
    if (/display\s*:\s*none/i.test((node.getAttribute('style') ?? '').slice(0, 2000))) return false;
  }
  return true;
}

// What every webmail build exposes to assistive technology, in English and Chinese.
export const ARIA = {
  readingPane: [
    '[role="main"][aria-label="Reading Pane"]',
    '[role="region"][aria-label="Reading Pane"]',
    '[role="main"][aria-label="阅读窗格"]',
    '[role="region"][aria-label="阅读窗格"]',
  ].join(', '),
  body: [
    '[role="document"][aria-label="Message body"]',
    '[role="region"][aria-label="Message body"]',
    '[role="document"][aria-label="邮件正文"]',
    '[role="region"][aria-label="邮件正文"]',
  ].join(', '),
  /** The subject: the page's first- or second-level heading. */
  heading: 'h1, h2, [role="heading"][aria-level="1"], [role="heading"][aria-level="2"]',
  /** A sender's accessible name: "From: Name <address>". */
  from: '[aria-label^="From:"], [aria-label^="From "], [aria-label^="发件人"]',
  message: '[aria-label="Email message"], [aria-label="电子邮件"], [role="article"]',
} as const;

/** Elements whose attributes carry an address (persona buttons, hover cards, titled spans). */
export const ADDRESS_ATTRIBUTES = '[email], [data-hovercard-id*="@"], [title*="@"], [aria-label*="@"]';

/** A mailbox out of one element: its address attributes first, then its accessible name, then its text. */
export function mailboxOf(el: Element): Mailbox | null {
  const attr =
    el.getAttribute('email') ??
    el.getAttribute('data-hovercard-id') ??
    (el.getAttribute('title')?.includes('@') ? el.getAttribute('title') : null);
  const label = parseMailbox(el.getAttribute('aria-label') ?? '');
  const text = parseMailbox(el.textContent?.slice(0, 5000) ?? '');
  const email = (findAddresses(attr ?? '', 1)[0] ?? '').toLowerCase() || label.email || text.email;
  if (!email) return null;
  const name = clean(el.getAttribute('name')) || label.name || text.name;
  return { name: name.toLowerCase() === email || name === 'me' ? '' : name, email };
}

/** Text nodes a structure read looks at, at most. */
const TEXT_NODE_BUDGET = 3000;

/**
 * The first address written in `root`'s text, in document order, outside `skip` (the message
 * bodies), after `after` when given (the heading): the sender line of a page with no hooks and no
 * labels. The name is the rest of the line that holds the address.
 */
export function addressInText(
  root: Element,
  skip: readonly Element[],
  after?: Element | null,
): Mailbox | null {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let started = !after;
  for (let i = 0, node = walker.nextNode(); node && i < TEXT_NODE_BUDGET; i++, node = walker.nextNode()) {
    if (!started) {
      // Text after the heading: the heading precedes it and does not contain it.
      started = !!after && !after.contains(node) && (after.compareDocumentPosition(node) & 4) !== 0;
      if (!started) continue;
    }
    const value = node.nodeValue ?? '';
    if (!value.includes('@') || skip.some((s) => s.contains(node))) continue;
    const email = findAddresses(value, 1)[0];
    if (!email) continue;
    // The name: the element's own text, else (an element holding "<address>" alone) its parent's,
    // when that holds this one address.
    let line = node.parentElement;
    if (line && !parseMailbox(line.textContent?.slice(0, 2000) ?? '').name) {
      const parent = line.parentElement;
      const wider = parent && parent !== root ? (parent.textContent ?? '').slice(0, 401) : '';
      if (wider.length <= 400 && findAddresses(wider, 2).length === 1) line = parent;
    }
    const box = parseMailbox(line?.textContent?.slice(0, 2000) ?? value);
    return { name: box.name, email: email.toLowerCase() };
  }
  return null;
}

/** Addresses shown anywhere in `root` (attributes and text), for the rep to pick a sender from. */
export function addressesOnPage(root: Element, exclude: string, limit: number): Mailbox[] {
  const out: Mailbox[] = [];
  const seen = new Set<string>([exclude.toLowerCase(), '']);
  const add = (box: Mailbox | null) => {
    if (!box || seen.has(box.email) || out.length >= limit) return;
    seen.add(box.email);
    out.push(box);
  };
  const tagged = root.querySelectorAll(ADDRESS_ATTRIBUTES);
  for (let i = 0; i < tagged.length && i < 500 && out.length < limit; i++) add(mailboxOf(tagged[i]!));
  // Written out in the text (a signature, a quoted header): node by node, so lines never run together.
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let i = 0, node = walker.nextNode(); node && i < TEXT_NODE_BUDGET * 2 && out.length < limit; i++) {
    const value = node.nodeValue ?? '';
    if (value.includes('@'))
      for (const email of findAddresses(value, limit)) add({ name: '', email: email.toLowerCase() });
    node = walker.nextNode();
  }
  return out;
}

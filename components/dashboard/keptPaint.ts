// The next visit's first paint without the page's code: a copy of the figures as the last visit
// drew them (the heading, filters, period line, scorecard and customer picture), kept beside the
// kept view (lib/metrics/snapshot) and rebuilt by the page's tiny first chunk before React, the
// database or the strings are even loaded. The page then renders over it from the kept view, so
// the figures stay where they are while its controls come alive and today's figures follow.
//
// The copy is a tree of elements, allowed attributes and text, never markup: it is rebuilt with
// createElement, setAttribute and text nodes, so nothing in it (a rep's or a source's name) is
// ever parsed as HTML, and attributes that could run or load anything are not kept.

/** One element: tag, attributes, children (text is a plain string). */
export interface PaintElement {
  t: string;
  a?: Record<string, string>;
  c?: PaintNode[];
}
export type PaintNode = PaintElement | string;

export interface KeptPaint {
  /** When it was drawn (the kept view's time, within a moment). */
  savedAt: number;
  /** The page's language when it was drawn. */
  lang: string;
  root: PaintElement;
}

/** Changing this only loses the next visit's first paint. */
const keyOf = (period: string) => `dashboard-paint:${period}`;
const SVG = 'http://www.w3.org/2000/svg';

/** Attributes kept: layout, accessibility and test ids; an in-page link; nothing that runs or loads. */
const KEPT_ATTRIBUTE =
  /^(?:class|id|role|scope|colspan|rowspan|title|style|width|height|viewbox|d|points|x|y|x1|x2|y1|y2|cx|cy|r|fill|stroke|stroke-width|disabled|selected|value|type|lang|dir|data-[\w-]+|aria-[\w-]+)$/i;
const KEPT_TAG = /^(?:[a-z][a-z0-9]*)$/;
const DROPPED_TAG = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'link',
  'meta',
  'img',
  'template',
]);

function keptAttribute(name: string, value: string): boolean {
  if (name.toLowerCase() === 'href') return value.startsWith('#');
  if (name.toLowerCase() === 'style') return !/url\s*\(|expression\s*\(|@import/i.test(value);
  return KEPT_ATTRIBUTE.test(name);
}

/** A copy of `element` and what is inside it (form controls kept as they show, but disabled). */
export function copyOf(element: Element): PaintElement {
  const t = element.tagName.toLowerCase();
  const a: Record<string, string> = {};
  for (const attr of element.attributes) if (keptAttribute(attr.name, attr.value)) a[attr.name] = attr.value;
  if (t === 'select' || t === 'button' || t === 'input') {
    // Shown as they were but not live: disabled, and without the test id of the page's own control.
    a.disabled = '';
    delete a['data-testid'];
  }
  if (t === 'option' && (element as HTMLOptionElement).selected) a.selected = '';
  const c: PaintNode[] = [];
  for (const child of element.childNodes) {
    if (child.nodeType === 3) c.push(child.textContent ?? '');
    else if (child.nodeType === 1 && !DROPPED_TAG.has((child as Element).tagName.toLowerCase()))
      c.push(copyOf(child as Element));
  }
  return { t, ...(Object.keys(a).length ? { a } : {}), ...(c.length ? { c } : {}) };
}

/** Builds the DOM of a copy: elements, allowed attributes and text nodes only. */
export function build(node: PaintNode, doc: Document = document, inSvg = false): Node {
  if (typeof node === 'string') return doc.createTextNode(node);
  const tag = KEPT_TAG.test(node.t) && !DROPPED_TAG.has(node.t) ? node.t : 'div';
  const svg = inSvg || tag === 'svg';
  const element = svg ? doc.createElementNS(SVG, tag) : doc.createElement(tag);
  for (const [name, value] of Object.entries(node.a ?? {}))
    if (typeof value === 'string' && keptAttribute(name, value)) element.setAttribute(name, value);
  for (const child of node.c ?? []) element.append(build(child, doc, svg));
  return element;
}

/**
 * The first paint's copy of the dashboard page as drawn (`page`: its root element): its heading,
 * filters and period line, the line saying when the figures are from, a loading line, and the
 * scorecard and customer picture, dimmed as the page shows kept figures. Null without a scorecard.
 */
export function pageCopy(page: Element, line: string, loading: string): PaintElement | null {
  const part = (selector: string) => page.querySelector(selector);
  const scorecard = part('[data-testid="scorecard"]');
  if (!scorecard) return null;
  const picture = part('[data-testid="customer-picture"]');
  const c: PaintNode[] = [];
  for (const frame of [part('.dashboard-header'), part('.filters'), part('[data-testid="period-range"]')])
    if (frame) c.push(copyOf(frame));
  c.push({ t: 'p', a: { class: 'hint', 'data-testid': 'dashboard-snapshot-line' }, c: [line] });
  c.push({
    t: 'p',
    a: { class: 'loading', role: 'status', 'data-testid': 'dashboard-loading' },
    c: [loading],
  });
  c.push({
    t: 'div',
    a: { class: 'stale', 'data-testid': 'dashboard-snapshot' },
    c: [copyOf(scorecard), ...(picture ? [copyOf(picture)] : [])],
  });
  return { t: 'div', a: { class: 'page dashboard', 'aria-busy': 'true' }, c };
}

/** Keeps the copy for `period`; a full store drops it (the next visit then paints a moment later). */
export function savePaint(period: string, paint: KeptPaint, store: Storage | null = storeOf()): void {
  if (!store) return;
  try {
    store.setItem(keyOf(period), JSON.stringify(paint));
  } catch {
    store.removeItem(keyOf(period));
  }
}

export function readPaint(period: string, store: Storage | null = storeOf()): KeptPaint | undefined {
  try {
    const text = store?.getItem(keyOf(period));
    if (!text) return undefined;
    const paint = JSON.parse(text) as Partial<KeptPaint> | null;
    if (
      typeof paint?.savedAt !== 'number' ||
      typeof paint.lang !== 'string' ||
      typeof paint.root?.t !== 'string'
    )
      return undefined;
    return paint as KeptPaint;
  } catch {
    return undefined;
  }
}

export function dropPaint(period: string, store: Storage | null = storeOf()): void {
  try {
    store?.removeItem(keyOf(period));
  } catch {
    // Storage blocked: nothing was kept either.
  }
}

function storeOf(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * Draws the kept copy of `period`'s figures into `root` (replacing the HTML's loading frame), if
 * one is kept; whether it drew.
 */
export function paintKept(root: HTMLElement, period: string, store: Storage | null = storeOf()): boolean {
  const paint = readPaint(period, store);
  if (!paint) return false;
  const doc = root.ownerDocument;
  doc.documentElement.lang = paint.lang;
  root.replaceChildren(build(paint.root, doc));
  return true;
}

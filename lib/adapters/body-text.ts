import { EMAIL_LIMITS } from '../email-limits';

// Plain text of a message body, close to what the rep sees, without quoted history. One walk of
// the body's nodes, without recursion (a page may nest thousands of levels), stopping at a budget
// of nodes visited and characters read: a 1 MB body costs what its first part costs, and the
// reader says it cut the body.

/** Nodes of one body the walk visits at most. */
export const BODY_NODE_BUDGET = 20_000;
/** Characters of text the walk reads at most: the kept limit, and room for the quoted history cut after. */
export const BODY_CHAR_BUDGET = 2 * EMAIL_LIMITS.body;

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

export interface BodyOptions {
  /** Where quoted history begins: this element and everything after it is left out. */
  stopAt: string;
  /** Quoted parts left out wherever they are. */
  skip: string;
}

export interface BodyText {
  text: string;
  /** The walk stopped at its budget, or the text was longer than the kept limit. */
  cut: boolean;
}

/** Hidden by the element itself (preheaders, collapsed parts). */
export function isShownSelf(el: Element): boolean {
  return (
    !el.hasAttribute('hidden') && !/display\s*:\s*none/i.test((el.getAttribute('style') ?? '').slice(0, 2000))
  );
}

interface Frame {
  node: Node;
  pre: boolean;
  /** Set when the frame closes an element: the token written after its children. */
  close?: number;
}

export function readBodyText(root: Element, options: BodyOptions): BodyText {
  let out = '';
  let chars = 0;
  let nodes = 0;
  let cut = false;
  const push = (token: string | number) => {
    if (typeof token === 'string') out += token;
    else if (out && !out.endsWith('\n')) out += token === PARAGRAPH ? '\n\n' : '\n';
    else if (out && token === PARAGRAPH && !out.endsWith('\n\n')) out += '\n';
  };
  // Children are pushed in reverse so they come off the stack in document order.
  const stack: Frame[] = [];
  const pushChildren = (node: Node, pre: boolean) => {
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, pre });
  };
  const either = `${options.stopAt}, ${options.skip}`;
  pushChildren(root, false);
  while (stack.length) {
    const frame = stack.pop()!;
    if (frame.close !== undefined) {
      if (frame.close) push(frame.close);
      else push(' ');
      continue;
    }
    if (++nodes > BODY_NODE_BUDGET || chars > BODY_CHAR_BUDGET) {
      cut = true;
      break;
    }
    const child = frame.node;
    if (child.nodeType === 3) {
      const whole = child.nodeValue ?? '';
      const value = whole.slice(0, BODY_CHAR_BUDGET - chars + 1);
      if (value.length < whole.length) cut = true;
      chars += value.length;
      push(frame.pre ? value : value.replace(/[ \t\n\r\f]+/g, ' '));
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag) || !isShownSelf(el)) continue;
    // One selector match per element; which of the two it was only when it matched.
    if (el.matches(either)) {
      if (el.matches(options.stopAt)) break;
      continue;
    }
    if (tag === 'BR') {
      push('\n');
      continue;
    }
    const kind = PARAGRAPHS.has(tag) ? PARAGRAPH : BLOCKS.has(tag) ? BREAK : 0;
    if (kind) push(kind);
    if (kind) stack.push({ node: el, pre: frame.pre, close: kind });
    else if (tag === 'TD' || tag === 'TH') stack.push({ node: el, pre: frame.pre, close: 0 });
    pushChildren(el, frame.pre || tag === 'PRE');
  }
  const lines = out.split('\n').map(trimSpaces);
  const text = cutQuotedText(lines)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return {
    text: text.slice(0, EMAIL_LIMITS.body),
    cut: cut || text.length > EMAIL_LIMITS.body,
  };
}

/** Spaces and tabs off both ends, without a regex anchored at the end (that one backtracks). */
function trimSpaces(line: string): string {
  let a = 0;
  let b = line.length;
  while (a < b && (line[a] === ' ' || line[a] === '\t')) a++;
  while (b > a && (line[b - 1] === ' ' || line[b - 1] === '\t')) b--;
  return line.slice(a, b);
}

/** Quoted history that other mail programs write as plain text (Outlook, QQ/Foxmail, "> " lines). */
function cutQuotedText(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length > 400) continue; // a header line of a quoted message is short
    if (/^-{2,}\s*(Original Message|原始邮件|原始郵件|Original)\s*-{2,}$/i.test(line))
      return lines.slice(0, i);
    if (/^(From|发件人|寄件者):\s*\S/.test(line)) {
      const next = lines.slice(i + 1, i + 5).map((l) => l.slice(0, 40));
      if (next.some((l) => /^(Sent|Date|发送时间|日期|寄件日期):/.test(l)))
        return lines.slice(0, i && /^_{8,}$/.test(lines[i - 1] ?? '') ? i - 1 : i);
    }
    if (/^On .{4,300} wrote:$/.test(line) && /^>/.test(lines[i + 1] ?? lines[i + 2] ?? ''))
      return lines.slice(0, i);
  }
  let end = lines.length;
  while (end > 0 && ((lines[end - 1] ?? '') === '' || (lines[end - 1] ?? '').startsWith('>'))) end--;
  return lines.slice(0, end);
}

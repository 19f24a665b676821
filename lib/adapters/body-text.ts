import { EMAIL_LIMITS } from '../email-limits';

// Plain text of a message body, close to what the rep sees, without quoted history. One walk of
// the body's nodes, without recursion (a page may nest thousands of levels), stopping at a budget
// of nodes visited and characters read: a 1 MB body costs what its first part costs, and the
// reader says it cut the body.

/** Nodes of one body the walk visits at most. */
export const BODY_NODE_BUDGET = 10_000;
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
  /**
   * Where quoted history begins: this element and everything after it is left out. Both
   * selectors name ids, classes, attributes or blockquote: an element without attributes is
   * matched against them only when it is a blockquote.
   */
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

/** An element the walk entered: what to write when it leaves it, and the pre state to go back to. */
interface Entered {
  /** PARAGRAPH or BREAK; 0 writes a space (a table cell); null writes nothing. */
  close: number | null;
  pre: boolean;
}

export function readBodyText(root: Element, options: BodyOptions): BodyText {
  // The text is kept as parts joined once at the end, with its last two characters tracked here:
  // asking a growing string whether it ends with a newline flattens it each time, which made
  // a long body quadratic (a 240 KB body took most of the read).
  const parts: string[] = [];
  let last = '';
  let beforeLast = '';
  const append = (text: string) => {
    if (!text) return;
    parts.push(text);
    beforeLast = text.length > 1 ? text[text.length - 2]! : last;
    last = text[text.length - 1]!;
  };
  let chars = 0;
  let nodes = 0;
  let cut = false;
  const push = (token: string | number) => {
    if (typeof token === 'string') append(token);
    else if (last && last !== '\n') append(token === PARAGRAPH ? '\n\n' : '\n');
    else if (last && token === PARAGRAPH && beforeLast !== '\n') append('\n');
  };
  const either = `${options.stopAt}, ${options.skip}`;
  // Siblings are followed one by one (never all children put on a stack first: a body of 20,000
  // lines would cost them all before the budget stops the walk), and depth is a plain array.
  const entered: Entered[] = [];
  const close = (token: number | null) => {
    if (token !== null) push(token || ' ');
  };
  let pre = false;
  let node: Node | null = root.firstChild;
  walk: while (node) {
    if (++nodes > BODY_NODE_BUDGET || chars > BODY_CHAR_BUDGET) {
      cut = true;
      break;
    }
    let enter = false;
    if (node.nodeType === 3) {
      const whole = node.nodeValue ?? '';
      const value = whole.slice(0, BODY_CHAR_BUDGET - chars + 1);
      if (value.length < whole.length) cut = true;
      chars += value.length;
      push(pre ? value : value.replace(/[ \t\n\r\f]+/g, ' '));
    } else if (node.nodeType === 1) {
      const el = node as Element;
      const tag = el.tagName.toUpperCase();
      // Most elements of a long or deeply nested body carry no attribute: such an element is shown
      // and matches no quote selector (those name ids, classes or blockquote), so the two checks
      // that cost most per element are skipped for it.
      const bare = !el.hasAttributes() && tag !== 'BLOCKQUOTE';
      if (SKIP.has(tag) || (!bare && !isShownSelf(el))) {
        // left out with everything in it
      } else if (!bare && el.matches(either)) {
        // One selector match per element; which of the two it was only when it matched.
        if (el.matches(options.stopAt)) break;
      } else if (tag === 'BR') push('\n');
      else {
        const kind = PARAGRAPHS.has(tag) ? PARAGRAPH : BLOCKS.has(tag) ? BREAK : 0;
        if (kind) push(kind);
        const token = kind || (tag === 'TD' || tag === 'TH' ? 0 : null);
        if (el.firstChild) {
          entered.push({ close: token, pre });
          pre ||= tag === 'PRE';
          enter = true;
        } else close(token);
      }
    }
    if (enter) {
      node = node.firstChild;
      continue;
    }
    // Leave every element this node ends, writing what each closes with, up to the next sibling.
    while (!node.nextSibling) {
      const parent: Node | null = node.parentNode;
      if (!parent || parent === root) break walk;
      const left = entered.pop()!;
      pre = left.pre;
      close(left.close);
      node = parent;
    }
    node = node.nextSibling;
  }
  const lines = parts.join('').split('\n').map(trimSpaces);
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

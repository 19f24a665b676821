// Plain text from an HTML mail body, for reading only (language, claims,
// phone numbers): never rendered back as HTML. Hostile input: one linear pass,
// bounded output, no DOM, no entity expansion beyond single characters.

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
  reg: '®',
  euro: '€',
  pound: '£',
  yen: '¥',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** Elements whose content is never text: everything up to their end tag is dropped (to the end when unclosed). */
const SKIPPED = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'textarea', 'xmp']);
/** Elements that start a new line when they open or close. */
const BLOCKS = new Set([
  'p',
  'div',
  'li',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'blockquote',
  'section',
  'article',
]);
const TAG_NAME = /^\/?([a-z][a-z0-9-]{0,30})/i;

/**
 * Plain text of an HTML body in one pass: each "<" is looked at once, and each search for
 * a tag's end or an element's end tag either moves past it or ends the read, so the work
 * is linear in the input (a regex per tag would rescan the rest of the text for every
 * unclosed "<": minutes on 200 KB of them).
 */
export function htmlToText(html: string, maxChars = 200_000): string {
  const source = html.length > maxChars * 4 ? html.slice(0, maxChars * 4) : html;
  const out: string[] = [];
  let length = 0;
  const emit = (text: string) => {
    out.push(text);
    length += text.length;
  };
  // Text runs from `textFrom` to the next real tag; a "<" that starts no tag stays in it.
  let textFrom = 0;
  let at = 0;
  while (at < source.length && length < maxChars * 2) {
    const lt = source.indexOf('<', at);
    if (lt === -1) break;
    const next = source.charCodeAt(lt + 1);
    const letter = (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
    if (!letter && next !== 47 /* / */ && next !== 33 /* ! */ && next !== 63 /* ? */) {
      at = lt + 1;
      continue;
    }
    if (lt > textFrom) emit(source.slice(textFrom, lt));
    // A comment runs to "-->"; an unclosed comment, tag or skipped element runs to the end.
    textFrom = source.length;
    if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      if (end === -1) break;
      emit(' ');
      at = textFrom = end + 3;
      continue;
    }
    const gt = source.indexOf('>', lt + 1);
    if (gt === -1) break;
    at = textFrom = gt + 1;
    const name = TAG_NAME.exec(source.slice(lt + 1, lt + 33));
    if (!name) continue;
    const tag = name[1]!.toLowerCase();
    const closing = next === 47;
    if (!closing && SKIPPED.has(tag)) {
      const endTag = new RegExp(`</${tag}\\s*>`, 'gi');
      endTag.lastIndex = at;
      if (!endTag.exec(source)) {
        textFrom = source.length;
        break;
      }
      emit(' ');
      at = textFrom = endTag.lastIndex;
    } else if (tag === 'br' || BLOCKS.has(tag)) emit('\n');
    else if (closing && (tag === 'td' || tag === 'th')) emit('\t');
  }
  if (textFrom < source.length && length < maxChars * 2) emit(source.slice(textFrom));
  return decodeEntities(out.join(''))
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, maxChars);
}

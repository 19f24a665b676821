// Plain text out of what a stranger wrote (a sender's name, a subject, a phrase quoted as risk or
// origin evidence). The schemas of lib/email.ts, lib/risk and lib/origin run these at the door, so
// any consumer of a card gets text without markup: React renders text safely, but a notification,
// an export or a future HTML view must not find a working tag in a sender's name (issue 16).
// No zod here: content scripts may import it.

/** A whole tag: <b>, </b>, <img src=x onerror=…>, <a/b>, <!-- … -->, <!doctype …>, <?xml …?>. */
const TAG = /<(?:\/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?|![^<>]*|\?[^<>]*)>/g;
/** A bare address in brackets ("<ingrid@nordlys.no>") opens no tag an HTML parser gives attributes to. */
const BRACKETED_ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+>/y;
const OPENS_TAG = /[A-Za-z/!?]/;

/**
 * The text with its markup taken out: whole tags removed, then any "<" that could still open a
 * tag once the text is put into markup (an unclosed "<img src=x onerror=…", or "<<b>script>" with
 * its inner tag gone) dropped; a bracketed address is kept as the rep would read it. Linear: the
 * tag pattern cannot scan past the next "<" or ">" from where it starts, and the second step is
 * one pass over runs of "<" (a regex there would backtrack over a long run).
 */
export function stripMarkup(text: string): string {
  if (!text.includes('<')) return text;
  const s = text.replace(TAG, '');
  let out = '';
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('<', i);
    if (open < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, open);
    let end = open;
    while (s[end] === '<') end++;
    BRACKETED_ADDRESS.lastIndex = end;
    const opens = end < s.length && OPENS_TAG.test(s[end]!) && !BRACKETED_ADDRESS.test(s);
    if (!opens) out += s.slice(open, end);
    i = end;
  }
  return out;
}

/** At most `max` characters, then without markup: evidence and parameters are cut, never refused. */
export function plainCut(max: number): (text: string) => string {
  return (text) => stripMarkup(text.length > max ? text.slice(0, max) : text);
}

import { getDomainWithoutSuffix, getPublicSuffix } from 'tldts';

// Sender domains made to pass for a customer's: a typo (acme-trades.com for
// acme-trade.com), look-alike letters (rn for m, 0 for o, Cyrillic а for a)
// or an internationalised name (xn--...) that renders like the real one.

/** Decodes one punycode label (RFC 3492) without the "xn--" prefix; null when malformed. */
export function decodePunycode(input: string): string | null {
  const base = 36;
  const basic = input.lastIndexOf('-');
  const output: number[] = [];
  for (let j = 0; j < Math.max(basic, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    output.push(c);
  }
  let n = 128;
  let i = 0;
  let bias = 72;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length; ) {
    const oldi = i;
    for (let w = 1, k = base; ; k += base) {
      if (index >= input.length) return null;
      const c = input.charCodeAt(index++);
      const digit =
        c >= 48 && c < 58 ? c - 22 : c >= 65 && c < 91 ? c - 65 : c >= 97 && c < 123 ? c - 97 : base;
      if (digit >= base) return null;
      i += digit * w;
      const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
      if (digit < t) break;
      w *= base - t;
      if (w > 1e9) return null;
    }
    const length = output.length + 1;
    let delta = oldi === 0 ? Math.floor((i - oldi) / 700) : (i - oldi) >> 1;
    delta += Math.floor(delta / length);
    let k = 0;
    while (delta > 455) {
      delta = Math.floor(delta / 35);
      k += base;
    }
    bias = Math.floor(k + (36 * delta) / (delta + 38));
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff) return null;
    output.splice(i++, 0, n);
    if (output.length > 100) return null;
  }
  return String.fromCodePoint(...output);
}

/** A host name in Unicode ("xn--acm-6cd.com" → "acmе.com"). */
export function toUnicodeHost(host: string): string {
  return host
    .toLowerCase()
    .split('.')
    .map((label) => (label.startsWith('xn--') ? (decodePunycode(label.slice(4)) ?? label) : label))
    .join('.');
}

// Letters that look like Latin ones (Cyrillic, Greek, and Latin look-alikes).
const CONFUSABLE: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  х: 'x',
  у: 'y',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ѕ: 's',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  к: 'k',
  м: 'm',
  т: 't',
  в: 'b',
  н: 'h',
  ɡ: 'g',
  ո: 'n',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  κ: 'k',
  ι: 'i',
  ν: 'v',
  υ: 'u',
  χ: 'x',
  á: 'a',
  à: 'a',
  ä: 'a',
  â: 'a',
  é: 'e',
  è: 'e',
  ë: 'e',
  í: 'i',
  ì: 'i',
  ï: 'i',
  ó: 'o',
  ò: 'o',
  ö: 'o',
  ô: 'o',
  ú: 'u',
  ù: 'u',
  ü: 'u',
  ı: 'i',
  ł: 'l',
  ç: 'c',
  ñ: 'n',
};

/** What a label looks like on screen: confusable letters and digit/letter pairs folded together. */
export function skeleton(label: string): string {
  let out = '';
  for (const ch of label.toLowerCase()) out += CONFUSABLE[ch] ?? ch;
  return out
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/cl/g, 'd')
    .replace(/0/g, 'o')
    .replace(/[1il|]/g, 'l')
    .replace(/5/g, 's');
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds max. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

export type LookalikeKind = 'punycode' | 'homoglyph' | 'typo' | 'other-suffix';

/** The known domain the sender's domain imitates, and how; null when none. */
export function findLookalike(
  domain: string,
  known: readonly string[],
): { known: string; kind: LookalikeKind } | null {
  const d = domain.toLowerCase();
  if (!d || known.some((k) => k.toLowerCase() === d)) return null;
  const label = getDomainWithoutSuffix(d) ?? '';
  const suffix = getPublicSuffix(d) ?? '';
  const unicode = toUnicodeHost(label);
  const shape = skeleton(unicode);
  for (const candidate of known.slice(0, 20_000)) {
    const k = candidate.toLowerCase();
    const kLabel = getDomainWithoutSuffix(k) ?? '';
    if (!kLabel || kLabel.length < 4) continue;
    const kShape = skeleton(toUnicodeHost(kLabel));
    if (label.includes('xn--') && shape === kShape) return { known: candidate, kind: 'punycode' };
    if (label === kLabel && suffix !== getPublicSuffix(k)) return { known: candidate, kind: 'other-suffix' };
    if (shape === kShape) return { known: candidate, kind: 'homoglyph' };
    if (kLabel.length >= 5 && editDistance(label, kLabel) <= 2) return { known: candidate, kind: 'typo' };
  }
  return null;
}

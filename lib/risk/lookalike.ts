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
  // Two reused rows: this runs once per known domain of a similar length on every new sender.
  let prev = ROWS[0].length > b.length ? ROWS[0] : (ROWS[0] = new Int32Array(b.length + 1));
  let row = ROWS[1].length > b.length ? ROWS[1] : (ROWS[1] = new Int32Array(b.length + 1));
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prev, row] = [row, prev];
  }
  return Math.min(prev[b.length]!, max + 1);
}
const ROWS: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)];

export type LookalikeKind = 'punycode' | 'homoglyph' | 'typo' | 'other-suffix';

/** Labels shorter than this differ by a letter all the time: never a look-alike. */
const MIN_LABEL = 4;
/** A typo needs a longer label still: two edits turn any short name into another. */
const MIN_TYPO_LABEL = 5;
const MAX_TYPOS = 2;

/**
 * The book's company domains, prepared once for look-alike checks: each
 * domain's label, suffix and on-screen shape worked out ahead, so checking a
 * sender costs two map lookups and a scan of the labels of a similar length
 * instead of parsing every known domain again.
 */
export class LookalikeIndex {
  readonly #exact = new Set<string>();
  readonly #byShape = new Map<string, string>();
  readonly #byLabel = new Map<string, { domain: string; suffix: string }[]>();
  /** Typo candidates by label length: labels and their domains side by side. */
  readonly #byLength = new Map<number, { labels: string[]; masks: number[]; domains: string[] }>();

  constructor(known: readonly string[]) {
    for (const domain of known) {
      const k = domain.toLowerCase();
      this.#exact.add(k);
      const label = getDomainWithoutSuffix(k) ?? '';
      if (label.length < MIN_LABEL) continue;
      const shape = skeleton(toUnicodeHost(label));
      if (!this.#byShape.has(shape)) this.#byShape.set(shape, domain);
      const sameLabel = this.#byLabel.get(label) ?? [];
      sameLabel.push({ domain, suffix: getPublicSuffix(k) ?? '' });
      this.#byLabel.set(label, sameLabel);
      if (label.length >= MIN_TYPO_LABEL) {
        const bucket = this.#byLength.get(label.length) ?? { labels: [], masks: [], domains: [] };
        bucket.labels.push(label);
        bucket.masks.push(letterMask(label));
        bucket.domains.push(domain);
        this.#byLength.set(label.length, bucket);
      }
    }
  }

  get size(): number {
    return this.#exact.size;
  }

  /** The known domain this one imitates, and how; null when none (or when it is a known domain). */
  find(domain: string): { known: string; kind: LookalikeKind } | null {
    const d = domain.toLowerCase();
    if (!d || this.#exact.has(d)) return null;
    const label = getDomainWithoutSuffix(d) ?? '';
    const suffix = getPublicSuffix(d) ?? '';
    const shape = skeleton(toUnicodeHost(label));
    const sameShape = this.#byShape.get(shape);
    if (sameShape && label.includes('xn--')) return { known: sameShape, kind: 'punycode' };
    const otherSuffix = this.#byLabel.get(label)?.find((k) => k.suffix !== suffix);
    if (otherSuffix) return { known: otherSuffix.domain, kind: 'other-suffix' };
    if (sameShape) return { known: sameShape, kind: 'homoglyph' };
    const mask = letterMask(label);
    for (let length = label.length - MAX_TYPOS; length <= label.length + MAX_TYPOS; length++) {
      const bucket = this.#byLength.get(length);
      if (!bucket) continue;
      for (let i = 0; i < bucket.labels.length; i++) {
        // Each edit adds or removes at most two letters from the set of letters used.
        if (bitCount(mask ^ bucket.masks[i]!) > 2 * MAX_TYPOS) continue;
        if (editDistance(label, bucket.labels[i]!, MAX_TYPOS) <= MAX_TYPOS)
          return { known: bucket.domains[i]!, kind: 'typo' };
      }
    }
    return null;
  }
}

/** Which of 32 letter classes a label uses (a–z, digits, '-', anything else). */
function letterMask(label: string): number {
  let mask = 0;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    const bit = c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 + (c % 4) : c === 45 ? 30 : 31;
    mask |= 1 << bit;
  }
  return mask;
}

function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The known domain the sender's domain imitates, and how; null when none. */
export function findLookalike(
  domain: string,
  known: readonly string[] | LookalikeIndex,
): { known: string; kind: LookalikeKind } | null {
  return (known instanceof LookalikeIndex ? known : new LookalikeIndex(known)).find(domain);
}

// Seeded generators of hostile input (issue 16): raw emails, webmail pages, book
// bundles and CSV files. The same seed gives the same cases on every machine, so a
// case that breaks something is replayed with `npm run fuzz -- --seed N`. Plain
// functions over a PRNG: no lib/ imports, so they describe the input, not our code.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** mulberry32: small, fast, good enough to pick shapes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
const int = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const NASTY = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '"><svg onload=alert(1)>',
  '\u202e\u200b\u0000\u0007',
  '𝔄𝔠𝔪𝔢 аррӏе',
  '{{constructor.constructor("x")()}}',
  '__proto__',
  '%00%0d%0a',
  '=cmd|" /C calc"!A0',
  '<',
  '<!--',
  '&#x0;&#xD800;&amp;&lt;',
  '\ud800',
  '中文询价：请报价',
];

/** A text of `size` characters of one hostile shape. */
export function hostileText(r: Rand, size: number): string {
  const shapes: (() => string)[] = [
    () => 'a'.repeat(size),
    () =>
      pick(r, NASTY)
        .repeat(Math.ceil(size / 10))
        .slice(0, size),
    () => '<'.repeat(size),
    () => '<p'.repeat(size / 2),
    () => '<!--'.repeat(size / 4),
    () => 'x@'.repeat(size / 2),
    () => 'On Mon wrote:\n> '.repeat(size / 16),
    () =>
      Array.from({ length: Math.min(size, 20_000) }, () => String.fromCharCode(int(r, 0, 0xffff))).join(''),
    () => 'Please send your best price for 500 pcs LED panels. '.repeat(size / 52),
    () => '请尽快报价，我们的银行账户已更改。'.repeat(size / 17),
  ];
  return pick(r, shapes)();
}

const SIZES = [0, 10, 300, 2_000, 40_000, 240_000];

function nestedMime(levels: number): string {
  let raw = 'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n';
  for (let i = 1; i < levels; i++)
    raw += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
  return raw + `--b${levels - 1}\r\nContent-Type: text/plain\r\n\r\nPlease change the bank account.\r\n`;
}

/** One raw RFC 5322 message of a random hostile shape. */
export function hostileEmail(r: Rand): string {
  const size = pick(r, SIZES);
  const name = r() < 0.3 ? hostileText(r, pick(r, SIZES)) : 'Ingrid Berg';
  const subject = r() < 0.3 ? hostileText(r, pick(r, SIZES)) : `Inquiry ${pick(r, NASTY)}`;
  const headers = [
    `From: "${name.replace(/[\r\n"]/g, ' ')}" <${r() < 0.2 ? hostileText(r, 400).replace(/[\s<>]/g, '') : 'ingrid'}@nordlys.no>`,
    `Subject: ${subject.replace(/[\r\n]/g, ' ')}`,
    `Date: ${pick(r, ['Tue, 4 Mar 2025 09:12:01 +0100', 'Fri, 31 Dec 275760 23:59:59 +9999', 'yesterday', ''])}`,
    ...Array.from(
      { length: int(r, 0, 5) },
      (_, i) =>
        `Received: from h${i} ([${int(r, 1, 255)}.${int(r, 0, 255)}.1.${i}]) by mx; ${r() < 0.2 ? 'x'.repeat(int(r, 500, 5000)) : 'Tue, 4 Mar 2025'}`,
    ),
  ];
  if (r() < 0.1) headers.push(`X-Big: ${'a'.repeat(int(r, 100_000, 2_200_000))}`);
  if (r() < 0.1) headers.push(...Array.from({ length: 3000 }, (_, i) => `X-Junk-${i}: ${i}`));
  if (r() < 0.1) headers.push(`To: ${Array.from({ length: 2000 }, (_, i) => `r${i}@x.example`).join(', ')}`);
  const kind = int(r, 0, 6);
  let body: string;
  if (kind === 0) body = `Content-Type: text/plain; charset=utf-8\r\n\r\n${hostileText(r, size)}`;
  else if (kind === 1) body = `Content-Type: text/html\r\n\r\n${hostileText(r, size)}`;
  else if (kind === 2) body = nestedMime(int(r, 20, 400));
  else if (kind === 3)
    body = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${hostileText(r, size)}`;
  else if (kind === 4) body = `Content-Type: text/plain\r\n\r\n${'Anfrage '.repeat(int(r, 1, 50_000))}`;
  else if (kind === 5)
    body = `Content-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n${hostileText(r, size)}`;
  else {
    // A text part and an attachment (mostly up to 1.5 MB, now and then 10 MB), as real
    // inquiries carry catalogues and POs.
    const line = `${'JVBE'.repeat(19)}\r\n`;
    const attachment = line.repeat(int(r, 1_000, r() < 0.1 ? 130_000 : 20_000));
    body =
      `Content-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\n${hostileText(r, size)}\r\n` +
      `--m\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment}--m--\r\n`;
  }
  const raw = `${headers.join('\r\n')}\r\n${body}`;
  if (r() < 0.05) return raw.slice(0, int(r, 0, raw.length));
  return raw;
}

/** A webmail page shape: sizes of each field the reader reads (the page itself is built by the caller). */
export interface PageShape {
  webmail: 'gmail' | 'outlook';
  subject: string;
  name: string;
  email: string;
  /** HTML of the message body. */
  body: string;
  /** Outlook: collapsed messages above the open one. */
  collapsed: number;
}

export function hostilePageShape(r: Rand): PageShape {
  const depth = r() < 0.15 ? int(r, 100, 2_000) : 0;
  const body =
    depth > 0
      ? `${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`
      : r() < 0.5
        ? hostileText(r, pick(r, SIZES)).replace(/&/g, '&amp;').replace(/</g, '&lt;')
        : `<p>${'Hello, please quote. '.repeat(int(r, 1, 10_000))}</p>`;
  return {
    webmail: r() < 0.5 ? 'gmail' : 'outlook',
    subject: r() < 0.4 ? hostileText(r, pick(r, SIZES)) : 'Inquiry: LED panels',
    name: r() < 0.4 ? hostileText(r, pick(r, SIZES)) : 'Ingrid Berg',
    email:
      r() < 0.2 ? `${hostileText(r, pick(r, SIZES)).replace(/[\s"<>&]/g, '')}@x.no` : 'ingrid@nordlys.no',
    body,
    collapsed: r() < 0.2 ? int(r, 10, 3000) : int(r, 0, 3),
  };
}

const T0 = Date.UTC(2025, 0, 6);
const TIMES = [T0, 0, -1, 9e15, -8.64e15, 8.64e15, 1e300, Date.UTC(2199, 11, 31), Number.MAX_SAFE_INTEGER];

/** A book bundle (JSON Lines, checksummed as the exporter writes it) with hostile records. */
export function hostileBundle(r: Rand): string {
  // Half the bundles carry only hostile text within the schema's limits, so many are
  // accepted and what later code does with them is exercised; the rest break rules.
  const breaking = r() < 0.5;
  const time = () => (breaking && r() < 0.15 ? pick(r, TIMES) : T0 + int(r, 0, 1e10));
  const text = (max: number) => (r() < 0.2 ? hostileText(r, Math.min(max, pick(r, SIZES))) : 'Acme');
  const n = int(r, 1, 30);
  const ids = Array.from({ length: n }, (_, i) => (breaking && r() < 0.05 ? 'dup' : `c${i}`));
  const domains = ['acme.example', 'bolt.example', 'acme.example', 'crane.co.uk', 'xn--80ak6aa92e.com'];
  const lines: { t: string; r: unknown }[] = [
    { t: 'reps', r: { id: 'rep-a', name: text(200), role: 'rep', createdAt: time() } },
  ];
  for (const id of ids)
    lines.push({
      t: 'companies',
      r: {
        id,
        name: text(300),
        domains: r() < 0.7 ? [pick(r, domains)] : [],
        source: 'other',
        ownerRepId: 'rep-a',
        authorRepId: 'rep-a',
        tags: [text(100)],
        notes: text(20_000),
        createdAt: time(),
        updatedAt: time(),
      },
    });
  for (let i = 0; i < int(r, 0, 30); i++)
    lines.push({
      t: 'interactions',
      r: {
        id: `i${i}`,
        companyId: pick(r, ids),
        direction: pick(r, ['in', 'out']),
        channel: 'email',
        at: time(),
        subject: text(2000),
        summary: text(20_000),
        intent: pick(r, ['price-inquiry', 'order', 'complaint', 'other']),
        outcome: text(2000),
        repId: 'rep-a',
        authorRepId: 'rep-a',
        url: pick(r, [
          'https://mail.google.com/mail/u/0/#inbox/1',
          'https://evil.example/',
          'javascript:alert(1)',
        ]),
        createdAt: time(),
        updatedAt: time(),
      },
    });
  for (let i = 0; i < int(r, 0, 20); i++)
    lines.push({
      t: 'orders',
      r: {
        id: `o${i}`,
        companyId: pick(r, ids),
        date: time(),
        amount: pick(r, [100, 0, -5, 1e308, 5e-324, 1234.5]),
        currency: breaking ? pick(r, ['USD', 'EUR', 'XXX', 'usd']) : pick(r, ['USD', 'EUR', 'XXX']),
        status: pick(r, ['confirmed', 'paid', 'quote']),
        authorRepId: 'rep-a',
        createdAt: time(),
        updatedAt: time(),
      },
    });
  for (let i = 0; i < int(r, 0, 5); i++)
    lines.push({
      t: 'reminders',
      r: {
        id: `r${i}`,
        kind: 'follow-up',
        dueAt: time(),
        title: text(2000),
        companyId: pick(r, ids),
        url: pick(r, ['https://mail.google.com/mail/u/0/#inbox/1', 'https://evil.example/', 'http://x']),
        done: 0,
        ownerRepId: 'rep-a',
        authorRepId: 'rep-a',
        createdAt: time(),
        updatedAt: time(),
      },
    });
  if (r() < 0.3)
    lines.push({
      t: 'settings',
      r: {
        key: 'deep',
        value: JSON.parse(
          `${'['.repeat(int(r, 1, 3000))}${']'.repeat(0)}`.replace(/\[+$/, (m) => m + ']'.repeat(m.length)),
        ),
      },
    });
  return craft(lines, breaking && r() < 0.1 ? { exportedAt: pick(r, TIMES) } : {});
}

function craft(lines: { t: string; r: unknown }[], header: Record<string, unknown>): string {
  const tables = [
    'reps',
    'companies',
    'contacts',
    'interactions',
    'orders',
    'reminders',
    'knowledge',
    'settings',
  ];
  const counts = Object.fromEntries(tables.map((t) => [t, 0])) as Record<string, number>;
  for (const l of lines) counts[l.t]!++;
  const head = JSON.stringify({
    format: 'trade-inbox-crm/book',
    version: 1,
    exportedAt: T0,
    scope: { kind: 'all' },
    counts,
    ...header,
  });
  const text = [head, ...lines.map((l) => JSON.stringify(l))].map((l) => l + '\n').join('');
  return `${text}${JSON.stringify({ end: { counts, sha256: bytesToHex(sha256(new TextEncoder().encode(text))) } })}\n`;
}

/** A CSV file of companies or orders with hostile cells. */
export function hostileCsv(r: Rand): { kind: 'companies' | 'orders'; text: string } {
  const kind = r() < 0.5 ? 'companies' : 'orders';
  const breaking = r() < 0.5;
  const cell = (good: string, free = false) => {
    const x = r();
    if (!breaking && !free) return good;
    if (!breaking) return x < 0.2 ? `"${pick(r, NASTY).replace(/"/g, '""')}${good}"` : good;
    if (x < 0.1) return `"${hostileText(r, pick(r, [10, 300, 2000])).replace(/"/g, '""')}"`;
    if (x < 0.15) return '"never closed';
    if (x < 0.2) return '=HYPERLINK("http://evil.example")';
    return good;
  };
  const rows = Array.from({ length: int(r, 0, 200) }, (_, i) =>
    kind === 'companies'
      ? [cell(`Company ${i}`, true), cell(`c${i}.example`), cell('DE'), cell('alibaba')].join(',')
      : [
          cell('Acme GmbH'),
          breaking
            ? cell(pick(r, ['2025-05-01', '9999-12-31', '1900-01-01', '2025-02-30', '275760-01-01']))
            : '2025-05-01',
          breaking ? cell(pick(r, ['1000', '1e308', '-1', '1,234.50', 'NaN'])) : '1,234.50',
          breaking ? cell(pick(r, ['USD', 'EUR', 'usd', '$$$'])) : 'USD',
        ].join(','),
  );
  const header = kind === 'companies' ? 'name,domains,country,source' : 'company,date,amount,currency';
  return { kind, text: [header, ...rows].join(pick(r, ['\n', '\r\n', '\r'])) };
}

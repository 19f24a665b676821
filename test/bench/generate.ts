import type { Company, Contact, Interaction, Order, Reminder, Rep } from '../../lib/db/types';
import { CHANNELS, INTENTS, SOURCES } from '../../lib/db/types';
import { newId } from '../../lib/db/ids';

// Seeded synthetic books for the benchmarks, shaped like a real exporter's book:
// - order value per company is Pareto-distributed (alpha ≈ 1.16: the top 20% of
//   customers bring about 80% of the value);
// - interactions per company follow a power law (a few busy accounts, a long tail);
// - a few thousand companies (6% by default) are reached only through free-mail
//   addresses on shared domains (gmail.com, qq.com, 163.com...), so those
//   companies have no domain of their own and many contacts share one domain;
// - a handful of reps, a manager, and reminders (mostly done, some open).
//
// Everything derives from the seed and the company's index, never from the
// chunk size or from Math.random, so the same options give the same records in
// Node (tests) and in the browser (the harness generates inside the extension
// page, so a million interactions never cross the DevTools protocol). Books are
// generated in chunks of companies: 100k companies and 1M interactions stream
// through a bounded amount of memory.
//
// Plain TypeScript with no Node or DOM APIs: it is bundled into an extension page.

export interface BookShape {
  seed: number;
  companies: number;
  /** Mean interactions per company; the total is exactly companies × this (rounded). */
  interactionsPerCompany: number;
  /** 'power-law' spreads the total like real accounts do; 'fixed' gives every company the mean. */
  interactionSpread: 'power-law' | 'fixed';
  /** Share of companies reached only through free-mail addresses. */
  freeMailShare: number;
  reps: number;
  /** One reminder per this many companies. */
  companiesPerReminder: number;
  /** "Now" of the book: the newest record is older than this (epoch ms). */
  now: number;
  /**
   * Senders that must be in the book (e.g. the fixture mailbox's senders, so the
   * benchmark opens mail from known customers). Anchor i becomes a contact of
   * company i, which then has exactly `interactionsPerCompany` interactions and
   * its sender's domain (unless it is free mail).
   */
  anchors: readonly BookAnchor[];
}

export interface BookAnchor {
  email: string;
  name?: string;
}

export const DEFAULT_SHAPE: BookShape = {
  seed: 20250601,
  companies: 5000,
  interactionsPerCompany: 10,
  interactionSpread: 'power-law',
  freeMailShare: 0.06,
  reps: 5,
  companiesPerReminder: 50,
  now: Date.UTC(2025, 5, 1),
  anchors: [],
};

export interface BookChunk {
  /** Index of the chunk's first company. */
  first: number;
  companies: Company[];
  contacts: Contact[];
  interactions: Interaction[];
  orders: Order[];
  reminders: Reminder[];
}

export interface BookCounts {
  reps: number;
  companies: number;
  contacts: number;
  interactions: number;
  orders: number;
  reminders: number;
}

/** mulberry32: small, fast, good enough for synthetic data, and the same everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-mixed 32-bit seed for one company of one book. */
function mix(seed: number, index: number, salt: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Pareto(xm, alpha) by inversion. */
export function pareto(random: () => number, xm: number, alpha: number): number {
  return xm / Math.pow(1 - random(), 1 / alpha);
}

/** A version-4-shaped UUID from the generator (rep ids, Message-IDs). */
function uuid(random: () => number): string {
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16);
    return s;
  };
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/**
 * Record ids as the extension makes them (lib/db/ids: UUID v7, time-ordered),
 * from the generator's randomness. Company `index` was added after company
 * index - 1, and its records after it, so the book is written in key order, as
 * a real book grows; 65,536 ms of id time per company leaves room for its records.
 */
function orderedIds(index: number, random: () => number): () => string {
  const fill = (bytes: Uint8Array) => bytes.map(() => Math.floor(random() * 256));
  let k = 0;
  return () => newId(ID_EPOCH + index * 65_536 + k++, fill);
}
const ID_EPOCH = Date.UTC(2020, 0, 1);

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

const FIRST_NAMES = [
  'Ahmed',
  'Ana',
  'Carlos',
  'Chen',
  'David',
  'Elena',
  'Fatima',
  'Hans',
  'Igor',
  'Jin',
  'John',
  'Julia',
  'Kenji',
  'Lars',
  'Li',
  'Lucas',
  'Maria',
  'Mehmet',
  'Mohammed',
  'Nadia',
  'Olga',
  'Pablo',
  'Priya',
  'Rahul',
  'Sara',
  'Sofia',
  'Tomasz',
  'Wei',
  'Yuki',
  'Zanele',
];
const LAST_NAMES = [
  'Ali',
  'Becker',
  'Costa',
  'Dubois',
  'Fernandes',
  'Garcia',
  'Hansen',
  'Ivanov',
  'Kim',
  'Kowalski',
  'Kumar',
  'Lee',
  'Martin',
  'Mueller',
  'Nguyen',
  'Novak',
  'Okafor',
  'Patel',
  'Rossi',
  'Santos',
  'Schmidt',
  'Silva',
  'Smith',
  'Suzuki',
  'Tanaka',
  'Wang',
  'Yilmaz',
  'Zhang',
];
const NAME_WORDS = [
  'atlas',
  'blue',
  'coast',
  'delta',
  'euro',
  'first',
  'global',
  'harbor',
  'iron',
  'jade',
  'king',
  'lotus',
  'metro',
  'north',
  'ocean',
  'prime',
  'royal',
  'star',
  'trans',
  'unity',
  'vista',
  'west',
];
const TRADE_WORDS = [
  'trading',
  'imports',
  'supply',
  'industrial',
  'hardware',
  'textiles',
  'lighting',
  'tools',
  'packaging',
  'electronics',
  'furniture',
  'sourcing',
  'distribution',
  'home',
];
// Country, then the company domains' suffixes there (public suffixes, so registrable = name + suffix).
const COUNTRIES: readonly (readonly [string, readonly string[]])[] = [
  ['US', ['com', 'us']],
  ['DE', ['de', 'com']],
  ['GB', ['co.uk', 'com']],
  ['FR', ['fr', 'com']],
  ['IT', ['it', 'com']],
  ['ES', ['es', 'com']],
  ['BR', ['com.br']],
  ['IN', ['in', 'co.in']],
  ['RU', ['ru']],
  ['AE', ['ae', 'com']],
  ['AU', ['com.au']],
  ['NG', ['com.ng']],
  ['MX', ['com.mx']],
  ['PL', ['pl']],
  ['TR', ['com.tr']],
  ['VN', ['vn', 'com.vn']],
  ['ZA', ['co.za']],
  ['JP', ['co.jp']],
];
/** Shared free-mail domains; every one is in lib/domains' free-mail list. */
export const FREE_MAIL = [
  'gmail.com',
  'qq.com',
  '163.com',
  'hotmail.com',
  'yahoo.com',
  'outlook.com',
  '126.com',
];
const PRODUCTS = [
  'LED panel lights',
  'stainless steel hinges',
  'PP woven bags',
  'cotton towels',
  'solar garden lamps',
  'power banks',
  'office chairs',
  'ceramic mugs',
  'hydraulic fittings',
  'yoga mats',
  'USB-C cables',
  'aluminium profiles',
];
const CURRENCIES = ['USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'CNY'];
const DAY = 86_400_000;

/** Interactions per company: a power law normalised to the exact total, or the same for all. */
export function interactionCounts(shape: BookShape): Uint32Array {
  const n = shape.companies;
  const total = Math.round(n * shape.interactionsPerCompany);
  const counts = new Uint32Array(n);
  const fixedAnchors = Math.min(shape.anchors.length, n);
  if (shape.interactionSpread === 'fixed' || n === 0) {
    const base = Math.floor(total / Math.max(n, 1));
    let extra = total - base * n;
    for (let i = 0; i < n; i++) counts[i] = base + (i >= fixedAnchors && extra-- > 0 ? 1 : 0);
    return counts;
  }
  // Weights ~ Pareto(alpha 1.5): heavy tail, finite mean. Anchors keep the mean exactly.
  const weights = new Float64Array(n);
  let sum = 0;
  for (let i = fixedAnchors; i < n; i++) {
    weights[i] = pareto(prng(mix(shape.seed, i, 1)), 1, 1.5);
    sum += weights[i]!;
  }
  const anchorEach = Math.round(shape.interactionsPerCompany);
  const rest = Math.max(0, total - anchorEach * fixedAnchors);
  let assigned = 0;
  const remainders: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i < fixedAnchors) {
      counts[i] = anchorEach;
      continue;
    }
    const exact = sum > 0 ? (weights[i]! / sum) * rest : 0;
    counts[i] = Math.floor(exact);
    assigned += counts[i]!;
    remainders.push(i);
  }
  // Largest remainders get the rounding leftovers, so the total is exact.
  remainders.sort((a, b) => {
    const ra = (weights[a]! / sum) * rest - counts[a]!;
    const rb = (weights[b]! / sum) * rest - counts[b]!;
    return rb - ra || a - b;
  });
  for (let k = 0; k < rest - assigned && k < remainders.length; k++) counts[remainders[k]!]! += 1;
  return counts;
}

/** The reps of the book: reps × 'rep' and one manager. Ids are stable per seed. */
export function generateReps(shape: BookShape): Rep[] {
  const random = prng(mix(shape.seed, 0, 7));
  const reps: Rep[] = [];
  for (let i = 0; i < Math.max(1, shape.reps); i++) {
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
    reps.push({
      id: `rep-${i}-${uuid(random).slice(0, 8)}`,
      name,
      email: `${name.toLowerCase().replace(/\s+/g, '.')}@exporter.cn`,
      role: i === 0 ? 'manager' : 'rep',
      createdAt: shape.now - 5 * 365 * DAY,
    });
  }
  return reps;
}

/**
 * A book generated lazily in chunks of companies. Memory is bounded by the
 * chunk: each yields its companies with their contacts, interactions, orders
 * and reminders.
 */
export class SyntheticBook {
  readonly shape: BookShape;
  readonly reps: Rep[];
  private readonly counts: Uint32Array;

  constructor(shape: Partial<BookShape> = {}) {
    this.shape = { ...DEFAULT_SHAPE, ...shape };
    this.reps = generateReps(this.shape);
    this.counts = interactionCounts(this.shape);
  }

  /** How many interactions company `index` gets. */
  interactionsOf(index: number): number {
    return this.counts[index] ?? 0;
  }

  /**
   * Companies [from, to) and their records, in chunks. A book can be written in
   * steps (the first 5k companies, then up to 50k...) and is the same book.
   */
  *chunks(companiesPerChunk = 1000, from = 0, to = this.shape.companies): Generator<BookChunk> {
    const size = Math.max(1, Math.floor(companiesPerChunk));
    const end = Math.min(to, this.shape.companies);
    for (let first = Math.max(0, from); first < end; first += size) {
      const chunk: BookChunk = {
        first,
        companies: [],
        contacts: [],
        interactions: [],
        orders: [],
        reminders: [],
      };
      const last = Math.min(end, first + size);
      for (let i = first; i < last; i++) this.company(i, chunk);
      yield chunk;
    }
  }

  /** Whether company `index` is reached only through free-mail addresses. */
  isFreeMail(index: number): boolean {
    const anchor = this.shape.anchors[index];
    if (anchor) return FREE_MAIL.includes(anchor.email.split('@')[1] ?? '');
    return prng(mix(this.shape.seed, index, 2))() < this.shape.freeMailShare;
  }

  /** Generates company `index` and everything hanging off it into `out`. */
  private company(index: number, out: BookChunk): void {
    const { shape, reps } = this;
    const random = prng(mix(shape.seed, index, 3));
    const nextId = orderedIds(index, random);
    const anchor = shape.anchors[index];
    const [country, suffixes] = pick(random, COUNTRIES);
    const word = `${pick(random, NAME_WORDS)}${pick(random, TRADE_WORDS)}`;
    const freeMail = this.isFreeMail(index);
    const anchorDomain = anchor ? (anchor.email.split('@')[1] ?? '').toLowerCase() : '';
    const domain = anchor ? anchorDomain : `${word}${index}.${pick(random, suffixes)}`;
    const owner = reps[1 + Math.floor(random() * Math.max(1, reps.length - 1))] ?? reps[0]!;
    const createdAt = shape.now - Math.floor((0.2 + random() * 4.5) * 365 * DAY);
    const companyId = nextId();
    out.companies.push({
      id: companyId,
      name: `${word.charAt(0).toUpperCase()}${word.slice(1)} ${index} ${pick(random, ['Ltd', 'GmbH', 'LLC', 'S.A.', 'Pty', 'Co.'])}`,
      domains: freeMail ? [] : [domain],
      country,
      source: pick(random, SOURCES),
      ownerRepId: owner.id,
      authorRepId: owner.id,
      tags: random() < 0.3 ? [pick(random, PRODUCTS)] : [],
      notes:
        random() < 0.4
          ? `Buys ${pick(random, PRODUCTS)}; prefers ${pick(random, ['FOB', 'CIF', 'EXW'])}.`
          : '',
      ...(random() < 0.5 ? { acquisitionCost: Math.round(50 + random() * 950) } : {}),
      createdAt,
      updatedAt: createdAt + Math.floor(random() * (shape.now - createdAt)),
    });

    // 1–3 contacts; free-mail companies' addresses live on the shared domains.
    const contactIds: string[] = [];
    const contactCount = anchor ? 1 : 1 + (random() < 0.35 ? 1 : 0) + (random() < 0.1 ? 1 : 0);
    const emails = new Set<string>();
    for (let c = 0; c < contactCount; c++) {
      const first = pick(random, FIRST_NAMES);
      const last = pick(random, LAST_NAMES);
      const local = `${first}.${last}`.toLowerCase();
      let email =
        anchor && c === 0
          ? anchor.email.toLowerCase()
          : freeMail
            ? `${local}.${index}${c ? `.${c}` : ''}@${pick(random, FREE_MAIL)}`
            : `${c ? local : pick(random, ['sales', 'purchasing', local, local])}@${domain}`;
      if (emails.has(email)) email = email.replace('@', `${c}@`);
      emails.add(email);
      const contactId = nextId();
      contactIds.push(contactId);
      out.contacts.push({
        id: contactId,
        companyId,
        name: anchor?.name && c === 0 ? anchor.name : `${first} ${last}`,
        emails: [email],
        phones:
          random() < 0.6 ? [`+${10 + Math.floor(random() * 89)} ${Math.floor(1e8 + random() * 9e8)}`] : [],
        ...(random() < 0.5
          ? { title: pick(random, ['Purchasing Manager', 'Buyer', 'CEO', 'Sourcing Lead']) }
          : {}),
        authorRepId: owner.id,
        createdAt,
        updatedAt: createdAt,
      });
    }

    // Order value: the company's yearly size is Pareto(alpha 1.16), split over its orders.
    const size = pareto(random, 2000, 1.16);
    const orderCount = random() < 0.15 ? 0 : 1 + Math.min(40, Math.floor(pareto(random, 1, 1.8)));
    const currency = pick(random, CURRENCIES);
    for (let o = 0; o < orderCount; o++) {
      const date = createdAt + Math.floor(random() * (shape.now - createdAt));
      const amount = Math.round(((size * (0.5 + random())) / orderCount) * 100) / 100;
      const status =
        date > shape.now - 30 * DAY
          ? pick(random, ['quote', 'confirmed'] as const)
          : pick(random, ['shipped', 'paid', 'paid', 'paid', 'cancelled'] as const);
      out.orders.push({
        id: nextId(),
        companyId,
        date,
        amount,
        currency,
        ...(random() < 0.7 ? { cost: Math.round(amount * (0.6 + random() * 0.25) * 100) / 100 } : {}),
        status,
        reference: `PO-${index}-${o + 1}`,
        authorRepId: owner.id,
        createdAt: date,
        updatedAt: date,
      });
    }

    // Interactions: a thread of emails over the relationship, with calls and shows mixed in.
    const n = this.counts[index] ?? 0;
    let threadId = '';
    for (let k = 0; k < n; k++) {
      const at = createdAt + Math.floor(((k + random()) / Math.max(n, 1)) * (shape.now - createdAt));
      const channel = random() < 0.85 ? 'email' : pick(random, CHANNELS);
      const direction = random() < 0.5 ? 'in' : 'out';
      if (k === 0 || random() < 0.4) threadId = Math.floor(random() * 2 ** 52).toString(16);
      const product = pick(random, PRODUCTS);
      const rep = random() < 0.9 ? owner : (reps[Math.floor(random() * reps.length)] ?? owner);
      out.interactions.push({
        id: nextId(),
        companyId,
        contactId: contactIds[Math.floor(random() * contactIds.length)],
        ...(channel === 'email' ? { threadId, messageId: `<${uuid(random)}@mail.gmail.com>` } : {}),
        direction,
        channel,
        at,
        subject: `${pick(random, ['RE: ', 'Inquiry: ', 'Quotation for ', 'Order ', ''])}${product}`,
        summary: `${direction === 'in' ? 'Customer asked about' : 'We sent'} ${product}: ${pick(random, ['price for 2000 pcs', 'MOQ and lead time', 'samples and shipping cost', 'payment terms', 'a delayed shipment', 'the new catalogue'])}.`,
        intent: pick(random, INTENTS),
        outcome:
          random() < 0.5
            ? pick(random, ['quoted', 'samples sent', 'waiting for reply', 'order confirmed'])
            : '',
        repId: rep.id,
        authorRepId: rep.id,
        ...(direction === 'out' && random() < 0.6 ? { responseTimeMs: Math.floor(random() * 3 * DAY) } : {}),
        createdAt: at,
        updatedAt: at,
      });
    }

    // Reminders: one per `companiesPerReminder` companies; most are done, some overdue.
    if (shape.companiesPerReminder > 0 && random() < 1 / shape.companiesPerReminder) {
      const open = random() < 0.3;
      const dueAt = shape.now + Math.floor((random() - 0.3) * 30 * DAY);
      out.reminders.push({
        id: nextId(),
        kind: random() < 0.7 ? 'follow-up' : 'no-reply',
        dueAt,
        title: `Follow up on ${pick(random, PRODUCTS)}`,
        companyId,
        contactId: contactIds[0],
        done: open ? 0 : 1,
        ownerRepId: owner.id,
        authorRepId: owner.id,
        createdAt: dueAt - 7 * DAY,
        updatedAt: dueAt - 7 * DAY,
      });
    }
  }
}

/** Counts a chunk's records, for progress and reports. */
export function countChunk(chunk: BookChunk): Omit<BookCounts, 'reps'> {
  return {
    companies: chunk.companies.length,
    contacts: chunk.contacts.length,
    interactions: chunk.interactions.length,
    orders: chunk.orders.length,
    reminders: chunk.reminders.length,
  };
}

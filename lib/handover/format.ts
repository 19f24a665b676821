import { z } from 'zod';
import { bookTime } from '../dates';
import {
  BOOK_TABLES,
  BookSettingSchema,
  CompanySchema,
  ContactSchema,
  InteractionSchema,
  KnowledgeItemSchema,
  OrderSchema,
  ReminderSchema,
  RepSchema,
  type BookTable,
} from '../db/types';

// The book bundle, version 1: JSON Lines (docs/book-format.md is the reference).
//   line 1      header  {"format":"trade-inbox-crm/book","version":1,"exportedAt":..,"scope":..,"counts":..}
//   lines 2..n  records {"t":"companies","r":{...}}, tables in BOOK_TABLES order
//   last line   trailer {"end":{"counts":{...},"sha256":"<hex>"}}
// The checksum covers every line before the trailer, each as UTF-8 followed by "\n".

export const BOOK_FORMAT = 'trade-inbox-crm/book';
export const BOOK_FORMAT_VERSION = 1;

export { BOOK_TABLES, type BookTable };

export const RECORD_SCHEMAS = {
  reps: RepSchema,
  companies: CompanySchema,
  contacts: ContactSchema,
  interactions: InteractionSchema,
  orders: OrderSchema,
  reminders: ReminderSchema,
  knowledge: KnowledgeItemSchema,
  settings: BookSettingSchema.refine((setting) => settingWithinLimits(setting.value), {
    path: ['value'],
    message: 'too deep or too large',
  }),
} as const;

/** Deepest nesting of a setting's value: real settings nest two or three levels. */
export const MAX_SETTING_DEPTH = 32;
/** Most values (and characters of text) in one setting's value. */
export const MAX_SETTING_SIZE = 256 * 1024;

/**
 * Whether a setting's value is as shallow and small as a setting can be. Walked without
 * recursion, so a value nested thousands of levels is refused here, in the preview,
 * rather than failing later when the browser stores it.
 */
export function settingWithinLimits(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let size = 0;
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    size += typeof item === 'string' ? item.length + 1 : 1;
    if (size > MAX_SETTING_SIZE) return false;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= MAX_SETTING_DEPTH) return false;
    for (const inner of Array.isArray(item) ? item : Object.values(item)) stack.push([inner, depth + 1]);
  }
  return true;
}

export type BookRecord<T extends BookTable> = z.infer<(typeof RECORD_SCHEMAS)[T]>;

/**
 * Settings that belong to this browser, not to the book: which rep is using it.
 * They travel only in a backup of this browser, never in a handover bundle.
 */
export const LOCAL_SETTING_KEYS: readonly string[] = ['currentRepId'];

/**
 * Settings that are derived figures (lib/value's book statistics, VALUE_BOOK_STATS_KEY),
 * like the companyValues table: never part of a bundle, recomputed after an import or a
 * restore. A bundle that carries them anyway (an older export) has them ignored.
 */
export const DERIVED_SETTING_KEYS: readonly string[] = ['valueBookStats'];

/** Whether a book setting travels in a bundle of this scope. */
export function settingTravels(key: string, scope: BookScope['kind']): boolean {
  if (DERIVED_SETTING_KEYS.includes(key)) return false;
  return scope === 'backup' || !LOCAL_SETTING_KEYS.includes(key);
}

/** Keys that could reach an object's prototype; a bundle containing one anywhere is refused. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The longest header line: a header is small, so 1 GB of junk is refused after 64 KiB. */
export const MAX_HEADER_CHARS = 64 * 1024;
/** The longest record line (a knowledge item with a 50k body and many fields fits easily). */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;
/**
 * What may follow the trailer: a few blank lines an editor or a mail client added,
 * nothing more. A bundle with megabytes of padding after its end is not one we wrote.
 */
export const MAX_BLANK_LINES_AFTER_TRAILER = 4;
export const MAX_CHARS_AFTER_TRAILER = 1024;

const count = z.number().int().nonnegative();
export const CountsSchema = z.object(
  Object.fromEntries(BOOK_TABLES.map((table) => [table, count])) as Record<BookTable, typeof count>,
);
export type BookCounts = z.infer<typeof CountsSchema>;

export const ScopeSchema = z.discriminatedUnion('kind', [
  /** The whole book (without this browser's local settings). */
  z.object({ kind: z.literal('all') }),
  /** One rep's share: their companies and free-mail contacts, with what hangs off them (docs/book-format.md). */
  z.object({ kind: z.literal('rep'), repId: z.string().min(1).max(100) }),
  /** A backup of this browser's whole database, local settings included; restored by replacing. */
  z.object({ kind: z.literal('backup') }),
]);
export type BookScope = z.infer<typeof ScopeSchema>;

export const HeaderSchema = z.object({
  format: z.literal(BOOK_FORMAT),
  version: z.literal(BOOK_FORMAT_VERSION),
  exportedAt: bookTime,
  exportedBy: z.string().min(1).max(100).optional(),
  scope: ScopeSchema,
  counts: CountsSchema,
});
export type BookHeader = z.infer<typeof HeaderSchema>;

export const TrailerSchema = z.object({
  end: z.object({ counts: CountsSchema, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});

export function emptyCounts(): BookCounts {
  return Object.fromEntries(BOOK_TABLES.map((table) => [table, 0])) as BookCounts;
}

export function totalOf(counts: BookCounts): number {
  return BOOK_TABLES.reduce((sum, table) => sum + counts[table], 0);
}

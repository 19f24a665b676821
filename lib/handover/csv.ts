import Papa from 'papaparse';
import type { CrmDb } from '../db/db';
import type { Company, Contact, Interaction, Order } from '../db/types';
import { DEFAULT_PAGE_SIZE, readPages } from './pages';

export const CSV_TABLES = ['companies', 'contacts', 'interactions', 'orders'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

type Cell = string | number;

/**
 * A spreadsheet must never run a cell as a formula: text starting with = + - @
 * (or a tab or carriage return, which some spreadsheets skip) gets a leading quote.
 */
export function safeCell(value: unknown): Cell {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  const text = Array.isArray(value) ? value.join('; ') : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const iso = (time: number | undefined): string => (time === undefined ? '' : new Date(time).toISOString());

const COLUMNS: { [T in CsvTable]: Record<string, (r: RowOf<T>) => unknown> } = {
  companies: {
    id: (c) => c.id,
    name: (c) => c.name,
    domains: (c) => c.domains,
    country: (c) => c.country,
    source: (c) => c.source,
    ownerRepId: (c) => c.ownerRepId,
    authorRepId: (c) => c.authorRepId,
    tags: (c) => c.tags,
    notes: (c) => c.notes,
    acquisitionCost: (c) => c.acquisitionCost,
    createdAt: (c) => iso(c.createdAt),
    updatedAt: (c) => iso(c.updatedAt),
  },
  contacts: {
    id: (c) => c.id,
    companyId: (c) => c.companyId,
    name: (c) => c.name,
    emails: (c) => c.emails,
    phones: (c) => c.phones,
    title: (c) => c.title,
    authorRepId: (c) => c.authorRepId,
    createdAt: (c) => iso(c.createdAt),
    updatedAt: (c) => iso(c.updatedAt),
  },
  interactions: {
    id: (i) => i.id,
    companyId: (i) => i.companyId,
    contactId: (i) => i.contactId,
    at: (i) => iso(i.at),
    direction: (i) => i.direction,
    channel: (i) => i.channel,
    intent: (i) => i.intent,
    subject: (i) => i.subject,
    summary: (i) => i.summary,
    outcome: (i) => i.outcome,
    repId: (i) => i.repId,
    authorRepId: (i) => i.authorRepId,
    responseTimeMs: (i) => i.responseTimeMs,
    lostReason: (i) => i.lostReason,
    threadId: (i) => i.threadId,
    messageId: (i) => i.messageId,
  },
  orders: {
    id: (o) => o.id,
    companyId: (o) => o.companyId,
    date: (o) => iso(o.date),
    amount: (o) => o.amount,
    currency: (o) => o.currency,
    cost: (o) => o.cost,
    status: (o) => o.status,
    reference: (o) => o.reference,
    authorRepId: (o) => o.authorRepId,
    createdAt: (o) => iso(o.createdAt),
  },
};

type RowOf<T extends CsvTable> = T extends 'companies'
  ? Company
  : T extends 'contacts'
    ? Contact
    : T extends 'interactions'
      ? Interaction
      : Order;

/** A table as CSV (header row first), streamed page by page; opens in Excel or WPS as UTF-8. */
export async function* exportCsv(
  db: CrmDb,
  table: CsvTable,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<string> {
  const columns = COLUMNS[table] as Record<string, (r: unknown) => unknown>;
  const names = Object.keys(columns);
  // The byte-order mark makes spreadsheets read the file as UTF-8 (Chinese names stay readable).
  yield '\uFEFF' + Papa.unparse([names]) + '\r\n';
  for await (const page of readPages(db.table(table), pageSize)) {
    const rows = page.map((record) => names.map((name) => safeCell(columns[name]!(record))));
    yield Papa.unparse(rows, { header: false }) + '\r\n';
  }
}

export async function csvText(db: CrmDb, table: CsvTable): Promise<string> {
  let text = '';
  for await (const chunk of exportCsv(db, table)) text += chunk;
  return text;
}

/**
 * Rows already in memory (the dashboard's tables) as one CSV file, through the
 * same cell rule and byte-order mark as the table exports above.
 */
export function csvOfRows(rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + Papa.unparse(rows.map((row) => row.map(safeCell))) + '\r\n';
}

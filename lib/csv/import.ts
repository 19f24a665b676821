import Papa from 'papaparse';
import type { CrmDb } from '../db/db';
import { currentRep, newId } from '../db/book';
import {
  CompanySchema,
  ContactSchema,
  ORDER_STATUSES,
  OrderSchema,
  SOURCES,
  type Company,
  type Contact,
  type Order,
  type OrderStatus,
  type Source,
} from '../db/types';
import { isBookTime } from '../dates';
import { isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';
import { IMPORT_FIELDS, guessMapping, type ColumnMapping, type ImportKind } from './fields';

// CSV import of companies, contacts and orders: parse, map columns, build and
// validate every row (with the book's zod schemas), and write all rows in one
// transaction only when none failed. Row numbers are the file's line numbers as a
// spreadsheet shows them (the header is row 1).

export interface ParsedCsv {
  headers: string[];
  rows: string[][];
  /** Rows the parser could not read as written (an unbalanced quote, extra cells): the import refuses them. */
  errors?: RowError[];
}

/** Largest CSV file read (32 MiB): refused before reading, so a huge file costs nothing. */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;
/** Most rows in one CSV import; a longer file is refused after reading that many. */
export const MAX_CSV_ROWS = 100_000;

/** A CSV file refused as a whole (too big, too many rows): an i18n key under csv.fileError. */
export class CsvFileRefused extends Error {
  constructor(
    readonly reason: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(reason);
    this.name = 'CsvFileRefused';
  }
}

/**
 * Parses CSV text. Every problem Papa Parse reports becomes an error on its row: an
 * unbalanced quote makes it read the rest of the file as one value, which used to be
 * written as one company with no word said.
 */
export function parseCsv(text: string, maxRows = Number.POSITIVE_INFINITY): ParsedCsv {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    ...(Number.isFinite(maxRows) ? { preview: maxRows + 2 } : {}),
  });
  if (result.data.length > maxRows + 1)
    throw new CsvFileRefused('csv.fileError.tooManyRows', { max: maxRows });
  const [headers = [], ...rows] = result.data;
  const errors: RowError[] = [];
  const seen = new Set<number>();
  for (const error of result.errors) {
    // Papa counts data rows from 0, the header included: the spreadsheet row is one more.
    const row = (error.row ?? 0) + 1;
    if (seen.has(row)) continue;
    seen.add(row);
    const reason =
      error.type === 'Quotes' ? 'quotes' : error.code === 'TooManyFields' ? 'cells' : 'unreadable';
    // Too few cells is an ordinary short row (trailing empty cells left out by spreadsheets).
    if (error.code === 'TooFewFields') continue;
    errors.push({ row, field: '', reason: `csv.error.${reason}`, params: { row } });
  }
  // Cells beyond the header's columns would be dropped unseen: a row error (empty ones are fine).
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (
      cells.length > headers.length &&
      !seen.has(row) &&
      cells.slice(headers.length).some((c) => c.trim())
    ) {
      seen.add(row);
      errors.push({ row, field: '', reason: 'csv.error.cells', params: { row, columns: headers.length } });
    }
  });
  errors.sort((a, b) => a.row - b.row);
  return { headers: headers.map((h) => h.trim()), rows, errors };
}

/** Bytes read per step, so the page can show progress and stay responsive. */
const CSV_SLICE_BYTES = 1024 * 1024;

/**
 * Reads and parses a picked CSV file: refused at once when over MAX_CSV_BYTES, read in
 * slices with `onProgress(fraction read)`, and refused when it has more than MAX_CSV_ROWS rows.
 */
export async function parseCsvFile(file: Blob, onProgress?: (fraction: number) => void): Promise<ParsedCsv> {
  if (file.size > MAX_CSV_BYTES)
    throw new CsvFileRefused('csv.fileError.tooBig', { maxMb: MAX_CSV_BYTES / 1024 / 1024 });
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for (let at = 0; at < file.size; at += CSV_SLICE_BYTES) {
    const bytes = new Uint8Array(await file.slice(at, at + CSV_SLICE_BYTES).arrayBuffer());
    parts.push(decoder.decode(bytes, { stream: true }));
    onProgress?.(Math.min(1, (at + bytes.length) / file.size));
  }
  parts.push(decoder.decode());
  return parseCsv(parts.join(''), MAX_CSV_ROWS);
}

/** One problem with one row: an i18n key under csv.error and its parameters. */
export interface RowError {
  row: number;
  field: string;
  reason: string;
  params: Record<string, string | number>;
}

export type ImportRecord =
  | { kind: 'companies'; record: Company }
  | { kind: 'contacts'; record: Contact }
  | { kind: 'orders'; record: Order };

export interface ImportPlan {
  kind: ImportKind;
  records: ImportRecord[];
  errors: RowError[];
  /** Rows whose required fields are not mapped to any column make every row fail; listed once. */
  unmapped: string[];
}

/** What existing records the rows are checked against. */
export interface ImportContext {
  companies: Pick<Company, 'id' | 'name' | 'domains'>[];
  contactEmails: Set<string>;
  repId: string;
  now: number;
}

const SOURCE_NAMES: Record<string, Source> = {
  alibaba: 'alibaba',
  阿里巴巴: 'alibaba',
  阿里: 'alibaba',
  madeinchina: 'made-in-china',
  中国制造网: 'made-in-china',
  globalsources: 'global-sources',
  环球资源: 'global-sources',
  tradeshow: 'trade-show',
  exhibition: 'trade-show',
  fair: 'trade-show',
  展会: 'trade-show',
  广交会: 'trade-show',
  website: 'website',
  web: 'website',
  官网: 'website',
  网站: 'website',
  referral: 'referral',
  推荐: 'referral',
  介绍: 'referral',
  转介绍: 'referral',
  email: 'email',
  邮件: 'email',
  other: 'other',
  其他: 'other',
};

const STATUS_NAMES: Record<string, OrderStatus> = {
  quote: 'quote',
  quotation: 'quote',
  报价: 'quote',
  confirmed: 'confirmed',
  confirm: 'confirmed',
  open: 'confirmed',
  已确认: 'confirmed',
  确认: 'confirmed',
  shipped: 'shipped',
  已发货: 'shipped',
  发货: 'shipped',
  paid: 'paid',
  已付款: 'paid',
  付款: 'paid',
  已收款: 'paid',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  已取消: 'cancelled',
  取消: 'cancelled',
};

let countryNames: Map<string, string> | null = null;
/** Country names in English and Chinese (from the browser's own region names) to ISO codes. */
function countryCode(value: string): string | undefined {
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v)) return v.toUpperCase();
  if (!countryNames) {
    countryNames = new Map();
    const names = ['en', 'zh-CN'].map((l) => new Intl.DisplayNames([l], { type: 'region' }));
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        for (const n of names) {
          const name = n.of(code);
          if (name && name !== code) countryNames.set(name.toLowerCase(), code);
        }
      }
  }
  return countryNames.get(v.toLowerCase());
}

/** "1,234.50", "1 234", "1234,5" (decimal comma), "$1,200" → number; NaN when it is not one. */
export function parseNumber(value: string): number {
  let v = value.trim().replace(/[\s\u00a0$€£¥￥%]/g, '');
  if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(v)) v = v.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+,\d{1,2}$/.test(v)) v = v.replace(',', '.');
  else v = v.replace(/,/g, '');
  return v === '' || !/^-?\d*\.?\d+$/.test(v) ? Number.NaN : Number(v);
}

/** "2025-05-20", "2025/5/20", "2025.5.20", "2025年5月20日" → noon UTC of that day; NaN otherwise. */
export function parseDay(value: string): number {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.exec(value.trim());
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = Date.UTC(y, mo - 1, d, 12);
  const check = new Date(time);
  return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d && isBookTime(time) ? time : Number.NaN;
}

const list = (value: string) =>
  value
    .split(/[;,，；|\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Finds a company by domain (of a URL, host or address) or by exact name, case-insensitive. */
function companyFinder(companies: ImportContext['companies']) {
  const byDomain = new Map<string, string>();
  const byName = new Map<string, string[]>();
  for (const c of companies) {
    for (const d of c.domains) byDomain.set(d, c.id);
    const key = c.name.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), c.id]);
  }
  return (value: string): { id?: string; ambiguous?: boolean } => {
    const v = value.trim();
    const named = byName.get(v.toLowerCase());
    if (named?.length === 1) return { id: named[0] };
    if (named && named.length > 1) return { ambiguous: true };
    const domain = /[.@]/.test(v) ? registrableDomain(v.replace(/^[a-z]+:\/\//i, '').split('/')[0]!) : '';
    return domain && byDomain.has(domain) ? { id: byDomain.get(domain) } : {};
  };
}

export function planImport(
  kind: ImportKind,
  csv: ParsedCsv,
  mapping: ColumnMapping,
  ctx: ImportContext,
): ImportPlan {
  const unmapped = IMPORT_FIELDS[kind]
    .filter((f) => f.required && (mapping[f.field] ?? null) === null)
    .map((f) => f.field);
  const plan: ImportPlan = { kind, records: [], errors: [...(csv.errors ?? [])], unmapped };
  if (unmapped.length) return plan;
  const unreadable = new Set(plan.errors.map((e) => e.row));
  const findCompany = companyFinder(ctx.companies);
  const seenDomains = new Map(ctx.companies.flatMap((c) => c.domains.map((d) => [d, c.name] as const)));
  const seenNames = new Set(ctx.companies.map((c) => c.name.trim().toLowerCase()));
  const seenEmails = new Set(ctx.contactEmails);
  const base = { authorRepId: ctx.repId, createdAt: ctx.now, updatedAt: ctx.now };

  csv.rows.forEach((cells, i) => {
    const row = i + 2;
    // A row the parser could not read is not checked further: its cells are not what was meant.
    if (unreadable.has(row)) return;
    const errors: RowError[] = [];
    const fail = (field: string, reason: string, params: Record<string, string | number> = {}) =>
      errors.push({ row, field, reason: `csv.error.${reason}`, params });
    const get = (field: string) => {
      const index = mapping[field];
      return index === null || index === undefined ? '' : (cells[index] ?? '').trim();
    };
    for (const spec of IMPORT_FIELDS[kind])
      if (spec.required && !get(spec.field)) fail(spec.field, 'required', { field: spec.field });

    let record: ImportRecord | null = null;
    if (kind === 'companies') {
      const domains: string[] = [];
      for (const raw of list(get('domains'))) {
        const d = registrableDomain(raw.replace(/^[a-z]+:\/\//i, '').split('/')[0]!);
        if (!d) fail('domains', 'domain', { value: raw });
        else if (isFreeMailDomain(d)) fail('domains', 'freeMail', { value: d });
        else if (seenDomains.has(d))
          fail('domains', 'duplicateDomain', { value: d, company: seenDomains.get(d)! });
        else if (!domains.includes(d)) domains.push(d);
      }
      const name = get('name');
      if (name && seenNames.has(name.toLowerCase())) fail('name', 'duplicateCompany', { value: name });
      const countryRaw = get('country');
      const country = countryRaw ? countryCode(countryRaw) : undefined;
      if (countryRaw && !country) fail('country', 'country', { value: countryRaw });
      const sourceRaw = get('source');
      const source = sourceRaw
        ? (SOURCES as readonly string[]).includes(sourceRaw.toLowerCase())
          ? (sourceRaw.toLowerCase() as Source)
          : SOURCE_NAMES[sourceRaw.toLowerCase().replace(/[\s\-_.]/g, '')]
        : 'other';
      if (!source) fail('source', 'source', { value: sourceRaw });
      const costRaw = get('acquisitionCost');
      const acquisitionCost = costRaw ? parseNumber(costRaw) : undefined;
      if (acquisitionCost !== undefined && !(acquisitionCost >= 0))
        fail('acquisitionCost', 'number', { value: costRaw });
      if (!errors.length) {
        seenNames.add(name.toLowerCase());
        domains.forEach((d) => seenDomains.set(d, name));
        record = {
          kind,
          record: {
            id: newId(),
            name,
            domains,
            country,
            source: source ?? 'other',
            ownerRepId: ctx.repId,
            tags: list(get('tags')),
            notes: get('notes'),
            acquisitionCost,
            ...base,
          },
        };
      }
    } else if (kind === 'contacts') {
      const emails: string[] = [];
      for (const raw of list(get('emails'))) {
        const e = normalizeEmail(raw);
        if (!e) fail('emails', 'email', { value: raw });
        else if (seenEmails.has(e)) fail('emails', 'duplicateEmail', { value: e });
        else if (!emails.includes(e)) emails.push(e);
      }
      const companyRaw = get('company');
      let companyId: string | undefined;
      if (companyRaw) {
        const found = findCompany(companyRaw);
        if (found.ambiguous) fail('company', 'ambiguousCompany', { value: companyRaw });
        else if (!found.id) fail('company', 'unknownCompany', { value: companyRaw });
        companyId = found.id;
      } else if (emails[0]) companyId = findCompany(emails[0]).id; // by the address's domain
      if (!errors.length) {
        emails.forEach((e) => seenEmails.add(e));
        const title = get('title');
        record = {
          kind,
          record: {
            id: newId(),
            companyId,
            name: get('name'),
            emails,
            phones: get('phones')
              .split(/[;,，；|]/)
              .map((p) => p.trim())
              .filter(Boolean),
            title: title || undefined,
            authorRepId: ctx.repId,
            createdAt: ctx.now,
            updatedAt: ctx.now,
          },
        };
      }
    } else {
      const companyRaw = get('company');
      const found = companyRaw ? findCompany(companyRaw) : {};
      if (companyRaw && found.ambiguous) fail('company', 'ambiguousCompany', { value: companyRaw });
      else if (companyRaw && !found.id) fail('company', 'unknownCompany', { value: companyRaw });
      const dateRaw = get('date');
      const date = parseDay(dateRaw);
      if (dateRaw && Number.isNaN(date)) fail('date', 'date', { value: dateRaw });
      const amountRaw = get('amount');
      const amount = parseNumber(amountRaw);
      if (amountRaw && !(amount > 0)) fail('amount', 'amount', { value: amountRaw });
      const currency = get('currency').toUpperCase();
      if (currency && !/^[A-Z]{3}$/.test(currency)) fail('currency', 'currency', { value: get('currency') });
      const costRaw = get('cost');
      const marginRaw = get('margin');
      let cost: number | undefined;
      if (costRaw && marginRaw) fail('cost', 'costAndMargin');
      else if (costRaw) {
        cost = parseNumber(costRaw);
        if (!(cost >= 0)) fail('cost', 'number', { value: costRaw });
      } else if (marginRaw) {
        const margin = parseNumber(marginRaw);
        // "25", "25%" and "0.25" all mean a quarter.
        const share = Math.abs(margin) <= 1 && !marginRaw.includes('%') ? margin : margin / 100;
        if (!(share >= -1 && share <= 1)) fail('margin', 'margin', { value: marginRaw });
        else cost = Math.round(amount * (1 - share) * 100) / 100;
      }
      const statusRaw = get('status');
      const status = statusRaw
        ? (ORDER_STATUSES as readonly string[]).includes(statusRaw.toLowerCase())
          ? (statusRaw.toLowerCase() as OrderStatus)
          : STATUS_NAMES[statusRaw.toLowerCase()]
        : 'confirmed';
      if (!status) fail('status', 'status', { value: statusRaw });
      if (!errors.length && found.id && status)
        record = {
          kind,
          record: {
            id: newId(),
            companyId: found.id,
            date,
            amount,
            currency,
            cost,
            status,
            reference: get('reference') || undefined,
            ...base,
          },
        };
    }
    // The book's own schemas have the last word (lengths, formats).
    if (record) {
      const schema = { companies: CompanySchema, contacts: ContactSchema, orders: OrderSchema }[record.kind];
      const checked = schema.safeParse(record.record);
      if (!checked.success) {
        for (const issue of checked.error.issues)
          fail(String(issue.path[0] ?? ''), 'invalid', {
            field: issue.path.join('.'),
            message: issue.message,
          });
        record = null;
      }
    }
    if (record) plan.records.push(record);
    plan.errors.push(...errors);
  });
  return plan;
}

/** Reads what a plan is checked against from the book. */
export async function importContext(db: CrmDb, now = Date.now()): Promise<ImportContext> {
  const [companies, contacts, rep] = await Promise.all([
    db.companies.toArray(),
    db.contacts.toArray(),
    currentRep(db, now),
  ]);
  return {
    companies: companies.map(({ id, name, domains }) => ({ id, name, domains })),
    contactEmails: new Set(contacts.flatMap((c) => c.emails)),
    repId: rep.id,
    now,
  };
}

export class ImportRejected extends Error {
  constructor(readonly errors: RowError[]) {
    super('import-rejected');
  }
}

/**
 * Writes a plan in one transaction, all rows or none. Refuses a plan with any
 * error. The background revalues what came in from the change feed.
 */
export async function commitImport(db: CrmDb, plan: ImportPlan): Promise<number> {
  if (plan.unmapped.length || plan.errors.length) throw new ImportRejected(plan.errors);
  await db.transaction('rw', db.companies, db.contacts, db.orders, async () => {
    if (plan.kind === 'companies') await db.companies.bulkAdd(plan.records.map((r) => r.record as Company));
    else if (plan.kind === 'contacts')
      await db.contacts.bulkAdd(plan.records.map((r) => r.record as Contact));
    else await db.orders.bulkAdd(plan.records.map((r) => r.record as Order));
  });
  return plan.records.length;
}

/** Parse, map (guessed unless given), check and write; returns the plan, with `written` when it went in. */
export async function importCsv(
  db: CrmDb,
  kind: ImportKind,
  text: string,
  mapping?: ColumnMapping,
  now = Date.now(),
): Promise<ImportPlan & { written: number }> {
  const csv = parseCsv(text);
  const plan = planImport(
    kind,
    csv,
    mapping ?? guessMapping(kind, csv.headers),
    await importContext(db, now),
  );
  if (plan.errors.length || plan.unmapped.length) return { ...plan, written: 0 };
  return { ...plan, written: await commitImport(db, plan) };
}

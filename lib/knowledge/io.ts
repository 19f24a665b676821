import Papa from 'papaparse';
import { z } from 'zod';
import type { CrmDb } from '../db/db';
import { KNOWLEDGE_KINDS, KnowledgeItemSchema, type KnowledgeItem } from '../db/types';
import { problemsOf, type KnowledgeProblem } from './store';
import { newId } from '../db/ids';

// Knowledge import and export as JSON or CSV. Imports are atomic: every row is
// checked first, and one bad row means nothing is written and every bad row is
// reported by number, so a rep fixes the file once instead of row by row.

export const KNOWLEDGE_EXPORT_FORMAT = 'trade-inbox-crm/knowledge';
export type KnowledgeFileFormat = 'json' | 'csv';

/** A row as a file may hold it: bookkeeping optional, filled on import. */
const ImportRowSchema = z.object({
  id: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(KNOWLEDGE_KINDS),
  title: z.string().trim().min(1).max(500),
  body: z.string().max(50_000).default(''),
  fields: z.record(z.string().max(100), z.string().max(5000)).default({}),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  language: z.string().trim().min(2).max(20).default('en'),
  authorRepId: z.string().min(1).max(100).optional(),
  createdAt: z.number().finite().optional(),
  updatedAt: z.number().finite().optional(),
});

const JsonFileSchema = z.union([
  z.array(z.unknown()),
  z.object({ format: z.literal(KNOWLEDGE_EXPORT_FORMAT).optional(), items: z.array(z.unknown()) }),
]);

/** One problem with one row, or with the whole file (row 0). */
export interface RowError extends KnowledgeProblem {
  /** 1-based: the item's position in a JSON file, the spreadsheet row in a CSV file (header is row 1). */
  row: number;
}

export type ParseResult = { ok: true; items: KnowledgeItem[] } | { ok: false; errors: RowError[] };
export type ImportResult = { ok: true; created: number; updated: number } | { ok: false; errors: RowError[] };

export interface ImportOptions {
  now?: number;
  authorRepId?: string;
}

function finish(rows: { row: number; value: unknown }[], opts: ImportOptions): ParseResult {
  const now = opts.now ?? Date.now();
  const errors: RowError[] = [];
  const items: KnowledgeItem[] = [];
  const seen = new Map<string, number>();
  if (rows.length === 0) return { ok: false, errors: [{ row: 0, code: 'empty-file', params: {} }] };
  for (const { row, value } of rows) {
    const parsed = ImportRowSchema.safeParse(value);
    if (!parsed.success) {
      errors.push(...problemsOf(parsed.error, value).map((problem) => ({ row, ...problem })));
      continue;
    }
    const data = parsed.data;
    const id = data.id ?? newId();
    const first = seen.get(id);
    if (first !== undefined) {
      errors.push({ row, code: 'repeated-id', params: { id, first } });
      continue;
    }
    seen.set(id, row);
    const candidate = {
      ...data,
      id,
      authorRepId: data.authorRepId ?? opts.authorRepId ?? 'local',
      createdAt: data.createdAt ?? now,
      updatedAt: data.updatedAt ?? now,
    };
    const item = KnowledgeItemSchema.safeParse(candidate);
    if (item.success) items.push(item.data);
    else errors.push(...problemsOf(item.error, candidate).map((problem) => ({ row, ...problem })));
  }
  return errors.length ? { ok: false, errors } : { ok: true, items };
}

export function parseKnowledgeJson(text: string, opts: ImportOptions = {}): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // The parser's own words say where: kept as a detail.
    return {
      ok: false,
      errors: [{ row: 0, code: 'not-json', params: { detail: (error as Error).message } }],
    };
  }
  const file = JsonFileSchema.safeParse(raw);
  if (!file.success) return { ok: false, errors: [{ row: 0, code: 'not-a-list', params: {} }] };
  const list = Array.isArray(file.data) ? file.data : file.data.items;
  return finish(
    list.map((value, index) => ({ row: index + 1, value })),
    opts,
  );
}

const FIELD_PREFIX = 'fields.';
const BASE_COLUMNS = ['id', 'kind', 'title', 'language', 'tags', 'body'] as const;
/** Who wrote an item and when: exported so a CSV round trip keeps them, optional on import. */
const BOOKKEEPING_COLUMNS = ['authorRepId', 'createdAt', 'updatedAt'] as const;
/** Tags share one cell, split at ';': a ';' or '\\' inside a tag is written with a '\\' before it. */
const TAG_SEPARATOR = '; ';

export function joinTags(tags: readonly string[]): string {
  return tags.map((tag) => tag.replace(/[\\;]/g, (c) => `\\${c}`)).join(TAG_SEPARATOR);
}

export function splitTags(cell: string): string[] {
  const tags: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    const next = cell[i + 1];
    if (c === '\\' && (next === ';' || next === '\\')) {
      current += next;
      i++;
    } else if (c === ';') {
      tags.push(current);
      current = '';
    } else current += c;
  }
  tags.push(current);
  return tags.map((tag) => tag.trim()).filter(Boolean);
}

/** A time cell: ISO 8601 as exported, or milliseconds since 1970; anything else is left for the schema to refuse. */
function timeCell(cell: string): number | string | undefined {
  if (!cell) return undefined;
  if (/^-?\d+(\.\d+)?$/.test(cell)) return Number(cell);
  const at = Date.parse(cell);
  return Number.isNaN(at) ? cell : at;
}

/** Undo the quote papaparse puts before cells a spreadsheet would run as formulas. */
const unescapeFormula = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

const CSV_PROBLEMS: Partial<Record<Papa.ParseError['code'], RowError['code']>> = {
  MissingQuotes: 'csv-quotes',
  InvalidQuotes: 'csv-quotes',
  TooFewFields: 'csv-fields',
  TooManyFields: 'csv-fields',
};

export function parseKnowledgeCsv(text: string, opts: ImportOptions = {}): ParseResult {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim(),
  });
  const headers = parsed.meta.fields ?? [];
  const missing = ['kind', 'title'].filter((column) => !headers.includes(column));
  if (missing.length) {
    return {
      ok: false,
      errors: [{ row: 1, code: 'missing-columns', params: { columns: missing.join(', ') } }],
    };
  }
  const errors: RowError[] = parsed.errors.map((e) => ({
    // Papaparse counts the header row in quote errors and not in field-count ones.
    row: (e.row ?? -1) + (e.type === 'Quotes' ? 1 : 2),
    code: CSV_PROBLEMS[e.code] ?? 'csv-unreadable',
    params: {},
  }));
  if (errors.length) return { ok: false, errors };
  const rows = parsed.data.map((record, index) => {
    const cell = (column: string) => unescapeFormula(record[column] ?? '').trim();
    const fields: Record<string, string> = {};
    for (const header of headers) {
      if (header.startsWith(FIELD_PREFIX) && cell(header) !== '')
        fields[header.slice(FIELD_PREFIX.length)] = cell(header);
    }
    const value: Record<string, unknown> = {
      kind: cell('kind'),
      title: cell('title'),
      body: unescapeFormula(record.body ?? ''),
      tags: splitTags(cell('tags')),
      fields,
    };
    if (cell('id')) value.id = cell('id');
    if (cell('language')) value.language = cell('language');
    if (cell('authorRepId')) value.authorRepId = cell('authorRepId');
    for (const column of ['createdAt', 'updatedAt'] as const) {
      const at = timeCell(cell(column));
      if (at !== undefined) value[column] = at;
    }
    return { row: index + 2, value };
  });
  return finish(rows, opts);
}

export function exportKnowledgeJson(items: readonly KnowledgeItem[], now: number = Date.now()): string {
  return JSON.stringify({ format: KNOWLEDGE_EXPORT_FORMAT, version: 1, exportedAt: now, items }, null, 2);
}

export function exportKnowledgeCsv(items: readonly KnowledgeItem[]): string {
  const fieldKeys = [...new Set(items.flatMap((item) => Object.keys(item.fields)))].sort();
  const columns = [...BASE_COLUMNS, ...fieldKeys.map((key) => FIELD_PREFIX + key), ...BOOKKEEPING_COLUMNS];
  const rows = items.map((item) => [
    item.id,
    item.kind,
    item.title,
    item.language,
    joinTags(item.tags),
    item.body,
    ...fieldKeys.map((key) => item.fields[key] ?? ''),
    item.authorRepId,
    new Date(item.createdAt).toISOString(),
    new Date(item.updatedAt).toISOString(),
  ]);
  return Papa.unparse({ fields: columns, data: rows }, { escapeFormulae: true, newline: '\r\n' });
}

export function detectFormat(fileName: string, text: string): KnowledgeFileFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return /^\s*[[{]/.test(text) ? 'json' : 'csv';
}

export function parseKnowledgeFile(
  text: string,
  format: KnowledgeFileFormat,
  opts: ImportOptions = {},
): ParseResult {
  return format === 'json' ? parseKnowledgeJson(text, opts) : parseKnowledgeCsv(text, opts);
}

/** Validates the whole file, then writes every item in one transaction, or nothing. */
export async function importKnowledge(
  db: CrmDb,
  text: string,
  format: KnowledgeFileFormat,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const parsed = parseKnowledgeFile(text, format, opts);
  if (!parsed.ok) return parsed;
  return db.transaction('rw', db.knowledge, async () => {
    const existing = await db.knowledge.bulkGet(parsed.items.map((item) => item.id));
    const items = parsed.items.map((item, index) => {
      const before = existing[index];
      return before ? { ...item, createdAt: before.createdAt, authorRepId: before.authorRepId } : item;
    });
    await db.knowledge.bulkPut(items);
    const updated = existing.filter(Boolean).length;
    return { ok: true as const, created: items.length - updated, updated };
  });
}

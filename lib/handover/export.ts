import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Table } from 'dexie';
import type { CrmDb } from '../db/db';
import { HandoverError } from './errors';
import {
  BOOK_FORMAT,
  BOOK_FORMAT_VERSION,
  BOOK_TABLES,
  emptyCounts,
  settingTravels,
  type BookCounts,
  type BookHeader,
  type BookScope,
  type BookTable,
} from './format';
import { DEFAULT_PAGE_SIZE, readPages } from './pages';

export interface ExportOptions {
  /** Defaults to the whole book. */
  scope?: BookScope;
  /** The rep who exports (recorded in the header). */
  exportedBy?: string;
  now?: number;
  pageSize?: number;
}

type Filter = (record: Record<string, unknown>) => boolean;
type Selection = { counts: BookCounts; filters: Partial<Record<BookTable, Filter>> };

/** Every table of the book, as a Dexie table of loose records. */
export function bookTable(db: CrmDb, table: BookTable): Table<Record<string, unknown>, string> {
  return db.table(table);
}

async function countMatching(db: CrmDb, table: BookTable, filter: Filter, pageSize: number): Promise<number> {
  let n = 0;
  for await (const page of readPages(bookTable(db, table), pageSize))
    for (const r of page) if (filter(r)) n++;
  return n;
}

async function select(db: CrmDb, scope: BookScope, pageSize: number): Promise<Selection> {
  const counts = emptyCounts();
  const filters: Selection['filters'] = {};
  if (scope.kind !== 'rep') {
    filters.settings = (r) => settingTravels(String(r.key), scope.kind);
    for (const table of BOOK_TABLES) {
      const filter = filters[table];
      counts[table] = filter
        ? await countMatching(db, table, filter, pageSize)
        : await bookTable(db, table).count();
    }
    return { counts, filters };
  }
  // One rep's share (docs/book-format.md, Scopes): the companies they own and what hangs off
  // them, plus their free-mail contacts (no company) with those contacts' history.
  const repId = scope.repId;
  const companyIds = new Set(await db.companies.where('ownerRepId').equals(repId).primaryKeys());
  const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const inShare = (r: Record<string, unknown>) => {
    const companyId = str(r.companyId);
    return companyId !== undefined && companyIds.has(companyId);
  };
  const handledByRep = (r: Record<string, unknown>) => r.repId === repId || r.authorRepId === repId;
  // Company-less contacts the share needs: named by an interaction or reminder that travels.
  const wantedContacts = new Set<string>();
  for (const [table, isRepsOwn] of [
    ['interactions', handledByRep],
    ['reminders', (r: Record<string, unknown>) => r.ownerRepId === repId],
  ] as const)
    for await (const page of readPages(bookTable(db, table), pageSize))
      for (const r of page) {
        const contactId = str(r.contactId);
        if (contactId && (r.companyId === undefined ? isRepsOwn(r) : inShare(r)))
          wantedContacts.add(contactId);
      }
  const contactIds = new Set<string>();
  const interactionIds = new Set<string>();
  const repIds = new Set<string>([repId]);
  const noteReps = (r: Record<string, unknown>) => {
    for (const key of ['authorRepId', 'ownerRepId', 'repId'])
      if (typeof r[key] === 'string') repIds.add(r[key]);
  };
  // Every company, contact and interaction a record points at travels with it, or the record
  // stays out: in the receiving book it would point at nothing.
  const resolves = (r: Record<string, unknown>) => {
    const companyId = str(r.companyId);
    const contactId = str(r.contactId);
    const interactionId = str(r.interactionId);
    return (
      (companyId === undefined || companyIds.has(companyId)) &&
      (contactId === undefined || contactIds.has(contactId)) &&
      (interactionId === undefined || interactionIds.has(interactionId))
    );
  };
  const pointsAtShare = (r: Record<string, unknown>) =>
    r.companyId !== undefined || r.contactId !== undefined || r.interactionId !== undefined;
  filters.companies = (r) => companyIds.has(String(r.id));
  filters.contacts = (r) =>
    r.companyId === undefined ? r.authorRepId === repId || wantedContacts.has(String(r.id)) : inShare(r);
  filters.interactions = (r) => resolves(r) && (pointsAtShare(r) || handledByRep(r));
  filters.orders = inShare;
  filters.reminders = (r) => resolves(r) && (pointsAtShare(r) || r.ownerRepId === repId);
  filters.knowledge = (r) => r.authorRepId === repId;
  filters.settings = () => false;
  for (const table of BOOK_TABLES) {
    if (table === 'reps' || table === 'settings') continue;
    const filter = filters[table]!;
    for await (const page of readPages(bookTable(db, table), pageSize))
      for (const r of page) {
        if (!filter(r)) continue;
        counts[table]++;
        noteReps(r);
        if (table === 'contacts') contactIds.add(String(r.id));
        if (table === 'interactions') interactionIds.add(String(r.id));
      }
  }
  filters.reps = (r) => repIds.has(String(r.id));
  counts.reps = await countMatching(db, 'reps', filters.reps, pageSize);
  return { counts, filters };
}

/**
 * Streams the book (or one rep's share) as a bundle, page by page, as UTF-8
 * chunks: header, records table by table, then the trailer with the checksum.
 * Records written to the book while an export runs may or may not be included.
 */
export async function* exportBook(db: CrmDb, options: ExportOptions = {}): AsyncGenerator<Uint8Array> {
  const scope = options.scope ?? { kind: 'all' };
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const { counts, filters } = await select(db, scope, pageSize);
  const encoder = new TextEncoder();
  const hash = sha256.create();
  const emit = (text: string): Uint8Array => {
    const bytes = encoder.encode(text);
    hash.update(bytes);
    return bytes;
  };
  const header: BookHeader = {
    format: BOOK_FORMAT,
    version: BOOK_FORMAT_VERSION,
    exportedAt: options.now ?? Date.now(),
    ...(options.exportedBy ? { exportedBy: options.exportedBy } : {}),
    scope,
    counts,
  };
  yield emit(JSON.stringify(header) + '\n');
  const written = emptyCounts();
  for (const table of BOOK_TABLES) {
    const filter = filters[table];
    const prefix = `{"t":"${table}","r":`;
    for await (const page of readPages(bookTable(db, table), pageSize)) {
      let text = '';
      for (const record of page) {
        if (filter && !filter(record)) continue;
        // A record logged while the export runs stays in this book but misses this bundle,
        // so the header's counts stay true.
        if (written[table] >= counts[table]) break;
        written[table]++;
        text += prefix + JSON.stringify(record) + '}\n';
      }
      if (text) yield emit(text);
    }
    // Records deleted while the export ran: refuse to write a bundle that lies about its size.
    if (written[table] !== counts[table]) throw new HandoverError('book-changed', { table });
  }
  const trailer = { end: { counts, sha256: bytesToHex(hash.digest()) } };
  yield encoder.encode(JSON.stringify(trailer) + '\n');
}

/** The same bundle as a web stream, e.g. for `new Response(stream).blob()` and a download. */
export function exportBookStream(db: CrmDb, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  const chunks = exportBook(db, options);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** A file name like `book-2025-06-01.jsonl` or `book-rep-ab12cd-2025-06-01.jsonl`. */
export function bundleFileName(scope: BookScope, now = Date.now()): string {
  const day = new Date(now).toISOString().slice(0, 10);
  const who = scope.kind === 'rep' ? `-rep-${scope.repId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 12)}` : '';
  return `${scope.kind === 'backup' ? 'backup' : 'book'}${who}-${day}.jsonl`;
}

import type { Table, Transaction } from 'dexie';
import type { CrmDb } from '../db/db';
import { markCompanies, markWholeBook } from '../db/dirty';
import type { Company, Contact, Interaction, KnowledgeItem, Order, Reminder, Rep } from '../db/types';
import { HandoverError, toHandoverError } from './errors';
import { bookTable } from './export';
import {
  BOOK_TABLES,
  DERIVED_SETTING_KEYS,
  LOCAL_SETTING_KEYS,
  settingTravels,
  totalOf,
  type BookHeader,
  type BookRecord,
  type BookTable,
} from './format';
import {
  differingFields,
  mergeCompany,
  mergeContact,
  mergeInteraction,
  mergeNewerWins,
  mergeReminder,
  mergeRep,
} from './merge';
import { BundleParser, type BundleRecord } from './parser';
import { chunksOf, type BundleSource } from './source';

export interface TableImportSummary {
  /** Records of this table in the bundle. */
  incoming: number;
  /** Records new to this book. */
  added: number;
  /** Records that are the same as one already in the book (same id, domain or address) and merge into it. */
  merged: number;
}

export interface ImportConflict {
  table: BookTable;
  incomingId: string;
  existingId: string;
  /** Why the two are one record. */
  matchedBy: 'id' | 'domain' | 'email' | 'key';
  /** What a person recognises the record by: a company name, an address, a subject. */
  label: string;
  /** The fields whose values differ; the merge keeps the newer one (notes: both). */
  fields: string[];
}

export interface ImportReport {
  header: BookHeader;
  tables: Record<BookTable, TableImportSummary>;
  /** The first MAX_CONFLICTS_LISTED conflicts. */
  conflicts: ImportConflict[];
  conflictCount: number;
  /** Records in the bundle. */
  total: number;
  /**
   * Text fields holding markup or script (`<script>`, `<img onerror=…>`, `javascript:`…).
   * They are kept as written, and shown as plain text: never run, never rendered as HTML.
   */
  markupFields: number;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportOptions {
  /**
   * The rep who receives the book: they become the owner of every imported
   * company and reminder. Leave out to keep the owners written in the bundle.
   */
  newOwnerRepId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Bytes of the file read so far (characters for a string source), after every chunk. */
  onRead?: (bytesRead: number) => void;
  /** Records per bulk write. */
  batchSize?: number;
}

export const MAX_CONFLICTS_LISTED = 100;
const DEFAULT_BATCH_SIZE = 2000;
/** The local setting naming the rep who uses this browser (lib/db/book.ts). */
const CURRENT_REP_KEY = 'currentRepId';

type Mode = 'preview' | 'merge' | 'replace';
type AnyRecord = BookRecord<BookTable>;

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new HandoverError('cancelled');
}

/** Applies a bundle's records to the book in batches: merges (or previews a merge), or replaces. */
class BookWriter {
  header: BookHeader | undefined;
  private readonly tables = Object.fromEntries(
    BOOK_TABLES.map((table) => [table, { incoming: 0, added: 0, merged: 0 }]),
  ) as Record<BookTable, TableImportSummary>;
  private readonly conflicts: ImportConflict[] = [];
  private conflictCount = 0;
  private markupFields = 0;
  private done = 0;
  private buffer: AnyRecord[] = [];
  private bufferTable: BookTable | undefined;
  /** Imported ids that were remapped onto a record already in the book. */
  private readonly companyIds = new Map<string, string>();
  private readonly contactIds = new Map<string, string>();
  /** Which company this run gave each domain to (added or merged into), for one company per domain. */
  private readonly domainOwners = new Map<string, string>();
  /** Companies this run wrote: the book's domain look-up skips them (domainOwners has them). */
  private readonly runCompanies = new Set<string>();
  private readonly addedContacts = new Set<string>();
  /** Tables empty before the import: nothing to merge with, so no look-ups. */
  private readonly emptyBefore = new Set<BookTable>();
  private cleared = false;
  /** Restore: this browser's local settings (who uses it) and that rep, from before the clear. */
  private localBefore: BookRecord<'settings'>[] = [];
  private repBefore: Rep | undefined;
  private readonly localRestored = new Set<string>();

  /**
   * @param tx the import's transaction: every read and write goes through its tables, so
   *   none can slip into a transaction of its own (which would commit on its own).
   */
  constructor(
    private readonly db: CrmDb,
    private readonly mode: Mode,
    private readonly options: ImportOptions,
    private readonly tx?: Transaction,
  ) {}

  private table<T extends BookTable>(name: T): Table<BookRecord<T>, string> {
    return this.tx
      ? this.tx.table(name)
      : (bookTable(this.db, name) as unknown as Table<BookRecord<T>, string>);
  }

  async init(): Promise<void> {
    if (this.mode === 'replace') {
      const local = await this.table('settings').bulkGet([...LOCAL_SETTING_KEYS]);
      this.localBefore = local.filter((s) => s !== undefined);
      const repId = this.localBefore.find((s) => s.key === CURRENT_REP_KEY)?.value;
      if (typeof repId === 'string') this.repBefore = await this.table('reps').get(repId);
      return;
    }
    for (const table of BOOK_TABLES) if ((await this.table(table).count()) === 0) this.emptyBefore.add(table);
  }

  /** Buffers one record; returns a promise only when a batch had to be written. */
  add(item: BundleRecord): Promise<void> | undefined {
    this.tables[item.table].incoming++;
    this.markupFields += countMarkup(item.record);
    let flushing: Promise<void> | undefined;
    if (
      this.bufferTable !== item.table ||
      this.buffer.length >= (this.options.batchSize ?? DEFAULT_BATCH_SIZE)
    )
      flushing = this.flush();
    this.bufferTable = item.table;
    this.buffer.push(item.record);
    return flushing;
  }

  async flush(): Promise<void> {
    const table = this.bufferTable;
    const batch = this.buffer;
    this.buffer = [];
    checkAbort(this.options.signal);
    if (this.mode === 'replace' && !this.cleared) {
      // Inside the restore's transaction: undone if anything later fails.
      this.cleared = true;
      await Promise.all([
        ...BOOK_TABLES.map((t) => this.table(t).clear()),
        ...DERIVED_TABLES.map((t) => this.tx!.table(t).clear()),
      ]);
    }
    if (!table || batch.length === 0) return;
    await this.apply(table, batch);
    this.done += batch.length;
    this.options.onProgress?.({
      done: this.done,
      total: this.header ? totalOf(this.header.counts) : this.done,
    });
  }

  /**
   * Restore, after the last record: a bundle without local settings (a whole-book
   * export, not a backup) must not make this browser forget who uses it. Its local
   * settings come back, and its rep if the bundle does not know them.
   */
  async keepLocalSettings(): Promise<void> {
    if (this.mode !== 'replace') return;
    const kept = this.localBefore.filter((s) => !this.localRestored.has(s.key));
    if (kept.length) await this.table('settings').bulkPut(kept);
    const repId = (await this.table('settings').get(CURRENT_REP_KEY))?.value;
    if (this.repBefore && repId === this.repBefore.id && !(await this.table('reps').get(repId)))
      await this.table('reps').put(this.repBefore);
  }

  /**
   * After the last record of an import or restore: the book changed shape as a whole, so value
   * re-ranks every customer (a small bundle lists too few companies to say so by itself).
   */
  async markWholeBook(): Promise<void> {
    if (this.mode !== 'preview' && this.tx) await markWholeBook(this.tx);
  }

  report(): ImportReport {
    if (!this.header) throw new HandoverError('not-a-bundle');
    return {
      header: this.header,
      tables: this.tables,
      conflicts: this.conflicts,
      conflictCount: this.conflictCount,
      total: totalOf(this.header.counts),
      markupFields: this.markupFields,
    };
  }

  private noteMatch(
    table: BookTable,
    existing: AnyRecord,
    incoming: AnyRecord,
    matchedBy: ImportConflict['matchedBy'],
    label: string,
  ): void {
    this.tables[table].merged++;
    const fields = differingFields(
      existing,
      incoming,
      table === 'companies' ? ['domains', 'tags'] : ['emails', 'phones'],
    );
    const existingId = 'id' in existing ? existing.id : existing.key;
    const incomingId = 'id' in incoming ? incoming.id : incoming.key;
    if (fields.length === 0 && matchedBy === 'id') return;
    this.conflictCount++;
    if (this.conflicts.length < MAX_CONFLICTS_LISTED)
      this.conflicts.push({ table, incomingId, existingId, matchedBy, label: label.slice(0, 200), fields });
  }

  private async write(table: BookTable, records: AnyRecord[]): Promise<void> {
    if (this.mode !== 'preview' && records.length) await this.table(table).bulkPut(records);
  }

  private async apply(table: BookTable, batch: AnyRecord[]): Promise<void> {
    if (this.mode === 'replace') {
      let records = batch;
      if (table === 'settings') {
        // Derived figures are recomputed, never taken from a file.
        records = (batch as BookRecord<'settings'>[]).filter((s) => !DERIVED_SETTING_KEYS.includes(s.key));
        this.tables.settings.incoming -= batch.length - records.length;
        for (const setting of records as BookRecord<'settings'>[])
          if (LOCAL_SETTING_KEYS.includes(setting.key)) this.localRestored.add(setting.key);
      }
      this.tables[table].added += records.length;
      await this.write(table, records);
      return;
    }
    switch (table) {
      case 'companies':
        return this.applyCompanies(batch as Company[]);
      case 'contacts':
        return this.applyContacts(batch as Contact[]);
      case 'settings':
        return this.applySettings(batch as BookRecord<'settings'>[]);
      default:
        return this.applyById(table, batch as (Rep | Interaction | Order | Reminder | KnowledgeItem)[]);
    }
  }

  private owned<T extends Company | Reminder>(record: T): T {
    const owner = this.options.newOwnerRepId;
    return owner ? { ...record, ownerRepId: owner } : record;
  }

  private remap<T extends { companyId?: string; contactId?: string }>(record: T): T {
    const companyId = record.companyId && this.companyIds.get(record.companyId);
    const contactId = record.contactId && this.contactIds.get(record.contactId);
    if (!companyId && !contactId) return record;
    return { ...record, ...(companyId ? { companyId } : {}), ...(contactId ? { contactId } : {}) };
  }

  private async applyCompanies(batch: Company[]): Promise<void> {
    const summary = this.tables.companies;
    const lookUp = !this.emptyBefore.has('companies');
    const byId = lookUp ? await this.table('companies').bulkGet(batch.map((c) => c.id)) : [];
    const domains = [...new Set(batch.flatMap((c) => c.domains))];
    const byDomain = new Map<string, Company>();
    if (lookUp && domains.length) {
      const wanted = new Set(domains);
      for (const company of await this.table('companies').where('domains').anyOf(domains).toArray()) {
        if (this.runCompanies.has(company.id)) continue;
        for (const domain of company.domains)
          if (wanted.has(domain) && !byDomain.has(domain)) byDomain.set(domain, company);
      }
    }
    // One company per domain: a company of this bundle whose domain an earlier one of the
    // bundle already has merges into it, as it would into a company of the book.
    const earlierIds = [
      ...new Set(domains.map((d) => this.domainOwners.get(d)).filter((id) => id !== undefined)),
    ];
    const earlier = new Map<string, Company>();
    if (earlierIds.length)
      (await this.table('companies').bulkGet(earlierIds)).forEach((c) => c && earlier.set(c.id, c));
    const puts = new Map<string, Company>();
    batch.forEach((incoming, i) => {
      let existing = byId[i];
      let matchedBy: ImportConflict['matchedBy'] = 'id';
      if (!existing) {
        matchedBy = 'domain';
        const ownerId = incoming.domains.map((d) => this.domainOwners.get(d)).find((id) => id !== undefined);
        existing = ownerId
          ? (puts.get(ownerId) ?? earlier.get(ownerId) ?? { ...incoming, id: ownerId })
          : incoming.domains.map((d) => byDomain.get(d)).find((c) => c !== undefined);
      }
      if (existing) existing = puts.get(existing.id) ?? existing;
      if (!existing) {
        summary.added++;
        this.runCompanies.add(incoming.id);
        for (const d of incoming.domains)
          if (!this.domainOwners.has(d)) this.domainOwners.set(d, incoming.id);
        puts.set(incoming.id, this.owned(incoming));
        return;
      }
      this.noteMatch('companies', existing, incoming, matchedBy, incoming.name);
      if (existing.id !== incoming.id) this.companyIds.set(incoming.id, existing.id);
      const merged = mergeCompany(existing, incoming, this.options.newOwnerRepId);
      this.runCompanies.add(merged.id);
      for (const d of merged.domains) if (!this.domainOwners.has(d)) this.domainOwners.set(d, merged.id);
      puts.set(existing.id, merged);
    });
    await this.write('companies', [...puts.values()]);
  }

  private async applyContacts(batch: Contact[]): Promise<void> {
    const summary = this.tables.contacts;
    const lookUp = !this.emptyBefore.has('contacts');
    const remapped = batch.map((c) => this.remap(c));
    const byId = lookUp ? await this.table('contacts').bulkGet(remapped.map((c) => c.id)) : [];
    const emails = [...new Set(remapped.flatMap((c) => c.emails))];
    const byEmail = new Map<string, Contact>();
    if (lookUp && emails.length) {
      const wanted = new Set(emails);
      for (const contact of await this.table('contacts').where('emails').anyOf(emails).toArray()) {
        if (this.addedContacts.has(contact.id)) continue;
        for (const email of contact.emails)
          if (wanted.has(email) && !byEmail.has(email)) byEmail.set(email, contact);
      }
    }
    const puts = new Map<string, Contact>();
    remapped.forEach((incoming, i) => {
      let existing = byId[i];
      let matchedBy: ImportConflict['matchedBy'] = 'id';
      if (!existing) {
        matchedBy = 'email';
        existing = incoming.emails.map((e) => byEmail.get(e)).find((c) => c !== undefined);
      }
      if (existing) existing = puts.get(existing.id) ?? existing;
      if (!existing) {
        summary.added++;
        this.addedContacts.add(incoming.id);
        puts.set(incoming.id, incoming);
        return;
      }
      this.noteMatch('contacts', existing, incoming, matchedBy, incoming.emails[0] ?? incoming.name);
      if (existing.id !== incoming.id) this.contactIds.set(incoming.id, existing.id);
      puts.set(existing.id, mergeContact(existing, incoming));
    });
    await this.write('contacts', [...puts.values()]);
  }

  private async applyById(
    table: BookTable,
    batch: (Rep | Interaction | Order | Reminder | KnowledgeItem)[],
  ): Promise<void> {
    const summary = this.tables[table];
    const records = batch.map((r) => ('companyId' in r || 'contactId' in r ? this.remap(r) : r));
    const existingAll = this.emptyBefore.has(table)
      ? []
      : await this.table(table).bulkGet(records.map((r) => r.id));
    const puts = new Map<string, AnyRecord>();
    // A merged order or interaction that now names another company leaves the one it had.
    const leftCompanies: string[] = [];
    records.forEach((incoming, i) => {
      const existing = (puts.get(incoming.id) ?? existingAll[i]) as typeof incoming | undefined;
      if (!existing) {
        summary.added++;
        puts.set(incoming.id, table === 'reminders' ? this.owned(incoming as Reminder) : incoming);
        return;
      }
      this.noteMatch(table, existing, incoming, 'id', labelOf(incoming));
      const merged = mergeById(table, existing, incoming, this.options.newOwnerRepId);
      const before = (existing as { companyId?: string }).companyId;
      if (before && before !== (merged as { companyId?: string }).companyId) leftCompanies.push(before);
      puts.set(incoming.id, merged);
    });
    await this.write(table, [...puts.values()]);
    // The change feed takes a plain put as keeping each record's company: the old one is marked here.
    if (leftCompanies.length && this.mode !== 'preview' && this.tx)
      await markCompanies(this.tx, leftCompanies);
  }

  private async applySettings(batch: BookRecord<'settings'>[]): Promise<void> {
    // Local settings (who uses this browser) never come from someone else's book.
    // Nor do derived figures: they are recomputed for this book.
    const incoming = batch.filter((s) => settingTravels(s.key, 'all'));
    this.tables.settings.incoming -= batch.length - incoming.length;
    const existing = await this.table('settings').bulkGet(incoming.map((s) => s.key));
    const puts: BookRecord<'settings'>[] = [];
    incoming.forEach((setting, i) => {
      const current = existing[i];
      if (!current) {
        this.tables.settings.added++;
        puts.push(setting);
      } else if (JSON.stringify(current.value) !== JSON.stringify(setting.value)) {
        // The receiving book's own settings stay.
        this.noteMatch('settings', current, setting, 'key', setting.key);
      } else this.tables.settings.merged++;
    });
    await this.write('settings', puts);
  }
}

/** An HTML tag or comment, or a script URL: what would run if the text were ever rendered as markup. */
const MARKUP = /<\/?[a-z][a-z0-9-]*[\s/>]|<!--|javascript:/i;

/** Text fields of a record (nested ones too, e.g. a knowledge item's fields) that hold markup. */
export function countMarkup(value: unknown, depth = 0): number {
  if (typeof value === 'string') return MARKUP.test(value) ? 1 : 0;
  if (typeof value !== 'object' || value === null || depth > 4) return 0;
  let n = 0;
  for (const inner of Array.isArray(value) ? value : Object.values(value)) n += countMarkup(inner, depth + 1);
  return n;
}

function labelOf(record: Rep | Interaction | Order | Reminder | KnowledgeItem): string {
  if ('subject' in record) return record.subject;
  if ('title' in record) return record.title;
  if ('reference' in record) return record.reference ?? record.id;
  if ('name' in record) return record.name;
  return record.id;
}

function mergeById(
  table: BookTable,
  existing: AnyRecord,
  incoming: AnyRecord,
  owner: string | undefined,
): AnyRecord {
  switch (table) {
    case 'reps':
      return mergeRep(existing as Rep, incoming as Rep);
    case 'interactions':
      return mergeInteraction(existing as Interaction, incoming as Interaction);
    case 'reminders':
      return mergeReminder(existing as Reminder, incoming as Reminder, owner);
    default:
      return mergeNewerWins(existing as Order, incoming as Order);
  }
}

/** Reads the whole bundle through a writer; inside a transaction when `inTransaction`. */
async function run(
  source: BundleSource,
  writer: BookWriter,
  options: ImportOptions,
  tx: Transaction | undefined,
  onHeader?: (header: BookHeader) => void,
): Promise<ImportReport> {
  const parser = new BundleParser();
  const chunks = chunksOf(source);
  // Reading a file is not an IndexedDB request: waitFor keeps the transaction open meanwhile
  // (Dexie's Transaction#waitFor, which Dexie.waitFor calls; used directly so it can't miss the transaction).
  const waiting = tx as (Transaction & { waitFor<T>(promise: PromiseLike<T>): PromiseLike<T> }) | undefined;
  const nextChunk = () => (waiting ? waiting.waitFor(chunks.next()) : chunks.next());
  let bytesRead = 0;
  try {
    await writer.init();
    for (;;) {
      checkAbort(options.signal);
      const next = await nextChunk();
      if (!next.done) {
        bytesRead += typeof next.value === 'string' ? next.value.length : next.value.byteLength;
        options.onRead?.(bytesRead);
      }
      const records = next.done ? parser.finish() : parser.push(next.value);
      if (parser.header && !writer.header) {
        writer.header = parser.header;
        onHeader?.(parser.header);
      }
      for (const record of records) {
        const flushing = writer.add(record);
        if (flushing) await flushing;
      }
      if (next.done) break;
    }
    await writer.flush();
    await writer.keepLocalSettings();
    await writer.markWholeBook();
    // Cancelled after the last batch: still nothing is kept.
    checkAbort(options.signal);
    return writer.report();
  } finally {
    // Not awaited: inside a transaction, waiting on anything but IndexedDB would let it
    // commit what was written so far, even on the way out with an error.
    chunks.return?.()?.catch(() => undefined);
  }
}

/**
 * Reads a bundle without writing anything: checks it whole (format, every
 * record, counts, checksum) and tells what an import would do: per table how
 * many records are new and how many merge into existing ones, and the conflicts.
 */
export async function previewImport(
  db: CrmDb,
  source: BundleSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  try {
    return await run(source, new BookWriter(db, 'preview', options), options, undefined);
  } catch (error) {
    throw toHandoverError(error);
  }
}

/** The value model's derived tables, emptied by a restore (the recompute after it fills them from the new book). */
const DERIVED_TABLES = ['companyValues', 'valueSummaries', 'valueInputs'] as const;

function bookTables(db: CrmDb, withDerived: boolean) {
  return [
    ...BOOK_TABLES.map((t) => db.table(t)),
    ...(withDerived ? DERIVED_TABLES.map((t) => db.table(t)) : []),
  ];
}

/**
 * Merges a bundle into the book in one transaction: the book gains every
 * record, duplicates merge, the receiving rep becomes owner. On any problem
 * (a bad line, a wrong checksum at the very end, a full disk, a cancel) the
 * transaction aborts and the book is exactly as before.
 */
export async function importBundle(
  db: CrmDb,
  source: BundleSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  try {
    return await db.transaction('rw', bookTables(db, false), (tx) =>
      run(source, new BookWriter(db, 'merge', options, tx), options, tx),
    );
  } catch (error) {
    throw toHandoverError(error);
  }
}

/**
 * Replaces the whole book with a backup (or a whole-book bundle), atomically:
 * the old book is cleared and the backup written in one transaction, so a bad
 * backup leaves the old book in place. Derived value figures are cleared too.
 * Who uses this browser comes from a backup that carries it; otherwise (a
 * whole-book export carries no local settings) this browser's rep is kept.
 */
export async function restoreBook(
  db: CrmDb,
  source: BundleSource,
  options: Omit<ImportOptions, 'newOwnerRepId'> = {},
): Promise<ImportReport> {
  try {
    return await db.transaction('rw', bookTables(db, true), (tx) =>
      run(source, new BookWriter(db, 'replace', options, tx), options, tx, (header) => {
        // A rep's share is not a whole book: replacing the book with it would drop the rest.
        if (header.scope.kind === 'rep') throw new HandoverError('wrong-scope');
      }),
    );
  } catch (error) {
    throw toHandoverError(error);
  }
}

import { Dexie } from 'dexie';
import { z } from 'zod';
import { clearDirtyMarks } from '../db/dirty';
import { WHOLE_BOOK, type CrmDb, type DirtyMark, type ValueBucketRecord } from '../db/db';
import type { ComputedBook } from './book';
import type { Company } from '../db/types';
import {
  concatSteps,
  emptyInputs,
  packInputs,
  parseInputs,
  replaceInputs,
  splitInputs,
  type ValueInputs,
} from './inputs';
import { runSliced, runSteps, STEP, UNSLICED, type Slicer, type Steps } from './slices';
import { STAGES, TIERS, type Stage, type Tier } from './schema';

// The value model's inputs kept packed in the database (`valueInputs`), so a
// full recompute reads about a thousand records instead of every order and
// interaction, and its results kept packed too (`valueSummaries`), so writing
// them is a few thousand typed arrays instead of 100k row objects.
//
// Companies are spread over VALUE_BUCKETS buckets by a hash of their id; a
// bucket's record holds the packed inputs (lib/value/inputs.ts) of its
// companies. A bucket stays small (tens of KB at 100k companies and a million
// orders) so bringing one company up to date rewrites little.
//
// Keeping them true: every write to companies, orders or interactions leaves a
// dirty mark for its company in the same transaction (lib/db/dirty.ts, whichever
// page or script wrote). refreshInputs rebuilds the marked companies from their
// records and clears each mark only if no write replaced it meanwhile;
// ensureInputs does that before a full recompute reads the buckets, or rebuilds
// every bucket from the records when the whole book changed (an import, a
// restore, the schema upgrade), the buckets are missing or damaged, or the last
// rebuild is a week old (REBUILD_EVERY_MS). Both are
// derived data: never exported, always rebuildable.

/** Number of buckets companies are spread over. */
export const VALUE_BUCKETS = 1024;
/** Layout of the stored buckets; a different one is rebuilt. */
export const INPUTS_FORMAT = 1;
/** The bucket key of the record that says the buckets are complete. */
const META = -1;
/** More marked companies than this rebuild every bucket from the records at once (one read of the book beats many small ones). */
export const REBUILD_ABOVE = 2000;
/**
 * Buckets read per request when a full recompute reads the packed inputs (about 50 companies
 * each at 50k). The database answers its requests in turn and a request in flight finishes, so
 * this bounds how long a card's read can queue behind the valuation's: at 32 (about 1,600
 * companies, a few hundred kilobytes to copy) the opens in a valuation's first seconds waited
 * 15-25 ms more than later ones.
 */
export const BUCKETS_PER_READ = 8;
/** Buckets brought up to date per transaction, so writers never wait long. */
const BUCKETS_PER_TRANSACTION = 32;

interface Locks {
  request<T>(name: string, run: () => Promise<T>): Promise<T>;
}
const LOCK = 'trade-inbox-crm:value-inputs';
let localChain: Promise<unknown> = Promise.resolve();

/**
 * Runs one rebuild or refresh at a time across every context of the browser (a
 * Web Lock; one process's own queue where there is none, as in Node). Without
 * it a refresh landing between a rebuild's read and its write would have its
 * company overwritten by the older read, its mark already cleared.
 */
function exclusive<T>(run: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;
  if (locks) return locks.request(LOCK, run);
  const next = localChain.then(run, run);
  localChain = next.catch(() => undefined);
  return next;
}

/** FNV-1a of the id, folded onto the buckets. */
export function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) {
    h ^= id.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % VALUE_BUCKETS;
}

const MetaSchema = z.object({
  bucket: z.literal(META),
  format: z.number(),
  buckets: z.number(),
  builtAt: z.number().optional(),
});

/**
 * Every bucket is rebuilt from the records at least this often, whatever the
 * marks say: a safety net under the marks (a record moved to another company by
 * a plain put that nobody marked would otherwise stay in its old company's bucket).
 */
export const REBUILD_EVERY_MS = 7 * 86_400_000;

/** How the inputs were brought up to date before a read. */
export interface InputsReport {
  rebuilt: boolean;
  refreshed: number;
}

/** Companies read, packed and split per step of a rebuild: bounds the records held at once. */
const REBUILD_COMPANIES_PER_STEP = 5000;

/**
 * Every company's inputs from the records, a few thousand companies at a time
 * (each step one read transaction over an id range of companies, their orders
 * and interactions through the [companyId+…] indexes), so a rebuild of a big
 * book never holds a million records at once and the worker answers cards
 * between steps. The marks are read first: a write after that leaves a newer
 * mark, which survives the clear and is refreshed next time.
 */
async function readRecords(
  db: CrmDb,
  perStep: number,
  slicer: Slicer,
): Promise<{ parts: ValueInputs[]; marks: DirtyMark[] }> {
  const marks = await db.valueDirty.toArray();
  const ids = (await db.companies.orderBy(':id').primaryKeys()) as string[];
  const parts: ValueInputs[] = [];
  for (let at = 0; at < ids.length; at += perStep) {
    const lo = ids[at]!;
    const hi = ids[Math.min(ids.length, at + perStep) - 1]!;
    const [companies, orders, interactions] = await db.transaction(
      'r',
      [db.companies, db.orders, db.interactions],
      () =>
        Promise.all([
          db.companies.where(':id').between(lo, hi, true, true).toArray(),
          // Each company's records arrive in time order, so packing sorts nothing.
          db.orders.where('[companyId+date]').between([lo, Dexie.minKey], [hi, Dexie.maxKey]).toArray(),
          db.interactions.where('[companyId+at]').between([lo, Dexie.minKey], [hi, Dexie.maxKey]).toArray(),
        ]),
    );
    parts.push(packInputs({ companies, orders, interactions }));
    await slicer.tick();
  }
  return { parts, marks };
}

/** Rebuilds every bucket from the records, clearing the marks it has seen (a write since then keeps its own). */
export function rebuildInputs(
  db: CrmDb,
  companiesPerStep = REBUILD_COMPANIES_PER_STEP,
  slicer: Slicer = UNSLICED,
): Promise<ValueInputs> {
  return exclusive(() => rebuild(db, companiesPerStep, slicer));
}

async function rebuild(db: CrmDb, companiesPerStep: number, slicer: Slicer): Promise<ValueInputs> {
  const { parts, marks } = await readRecords(db, Math.max(1, companiesPerStep), slicer);
  // Steps are in id order and each is sorted: one concatenation keeps the book's order.
  const inputs = await runSliced(concatSteps(parts), slicer);
  const buckets = splitInputs(inputs, VALUE_BUCKETS, bucketOf);
  await db.transaction('rw', [db.valueInputs, db.valueDirty], async () => {
    await db.valueInputs.clear();
    await db.valueInputs.bulkPut(
      [...buckets].map(([bucket, v]) => ({ bucket, format: INPUTS_FORMAT, ...v })),
    );
    await db.valueInputs.put({
      bucket: META,
      format: INPUTS_FORMAT,
      buckets: VALUE_BUCKETS,
      builtAt: Date.now(),
    });
    await clearDirtyMarks(db, marks);
  });
  return inputs;
}

function bucketInputs(record: ValueBucketRecord | undefined): ValueInputs | null {
  if (!record) return null;
  if (record.format !== INPUTS_FORMAT) return null;
  return parseInputs(record);
}

/**
 * Brings the marked companies' buckets up to date from their records: each
 * bucket in a read-write transaction that reads its marked companies' records,
 * rewrites the bucket and clears those marks. Returns how many companies were
 * refreshed. The whole-book mark is left to ensureInputs.
 */
export function refreshInputs(db: CrmDb, marks: readonly DirtyMark[]): Promise<number> {
  return exclusive(() => refresh(db, marks));
}

async function refresh(db: CrmDb, marks: readonly DirtyMark[]): Promise<number> {
  const list = marks.filter((m) => m.companyId !== WHOLE_BOOK);
  const byBucket = new Map<number, DirtyMark[]>();
  for (const m of list) {
    const b = bucketOf(m.companyId);
    const group = byBucket.get(b);
    if (group) group.push(m);
    else byBucket.set(b, [m]);
  }
  const buckets = [...byBucket.keys()];
  for (let at = 0; at < buckets.length; at += BUCKETS_PER_TRANSACTION) {
    const chunk = buckets.slice(at, at + BUCKETS_PER_TRANSACTION);
    await db.transaction(
      'rw',
      [db.companies, db.orders, db.interactions, db.valueInputs, db.valueDirty],
      async () => {
        for (const b of chunk) {
          const group = byBucket.get(b)!;
          const ids = group.map((m) => m.companyId);
          const [companies, orders, interactions, stored] = await Promise.all([
            db.companies.bulkGet(ids),
            Promise.all(ids.map((id) => companyRange(db.orders, '[companyId+date]', id))),
            Promise.all(ids.map((id) => companyRange(db.interactions, '[companyId+at]', id))),
            db.valueInputs.get(b),
          ]);
          const base = stored ? bucketInputs(stored) : emptyInputs();
          // A damaged bucket cannot be patched: it is dropped, and the meta record with it, so the next read rebuilds.
          if (!base) {
            await db.valueInputs.bulkDelete([b, META]);
            continue;
          }
          const fresh = packInputs({
            companies: companies.filter((c): c is Company => c !== undefined),
            orders: orders.flat(),
            interactions: interactions.flat(),
          });
          const next = replaceInputs(base, new Set(ids), fresh);
          if (next.ids.length) await db.valueInputs.put({ bucket: b, format: INPUTS_FORMAT, ...next });
          else await db.valueInputs.delete(b);
          await clearDirtyMarks(db, group);
        }
      },
    );
  }
  return list.length;
}

function companyRange<T>(table: Dexie.Table<T, string>, index: string, id: string): Promise<T[]> {
  return table.where(index).between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray();
}

/**
 * The marks to refresh company by company, or 'rebuild' when the whole book is
 * marked or more than REBUILD_ABOVE companies are. Reads at most REBUILD_ABOVE + 1
 * marks: after a big import the scheduler asks on every update.
 */
async function marksToRefresh(db: CrmDb): Promise<DirtyMark[] | 'rebuild'> {
  const [whole, marks] = await db.transaction('r', db.valueDirty, () =>
    Promise.all([db.valueDirty.get(WHOLE_BOOK), db.valueDirty.limit(REBUILD_ABOVE + 1).toArray()]),
  );
  return whole || marks.length > REBUILD_ABOVE ? 'rebuild' : marks;
}

/**
 * Every company's inputs, up to date: marked companies refreshed first, or every
 * bucket rebuilt from the records when the whole book changed, many companies
 * did, or the buckets are missing or damaged.
 */
export async function ensureInputs(
  db: CrmDb,
  slicer: Slicer = UNSLICED,
): Promise<{ inputs: ValueInputs; report: InputsReport }> {
  const marks = await marksToRefresh(db);
  if (marks === 'rebuild')
    return { inputs: await rebuildInputs(db, undefined, slicer), report: { rebuilt: true, refreshed: 0 } };
  const refreshed = marks.length ? await refreshInputs(db, marks) : 0;
  const meta = MetaSchema.safeParse(await db.valueInputs.get(META));
  let complete =
    meta.success &&
    meta.data.format === INPUTS_FORMAT &&
    meta.data.buckets === VALUE_BUCKETS &&
    Date.now() - (meta.data.builtAt ?? 0) < REBUILD_EVERY_MS;
  const parts: ValueInputs[] = [];
  // Read a page of buckets at a time: each page is one task of the worker's (reading every bucket
  // at once holds it for the whole book). A bucket holds whole companies, so pages read apart
  // still give every company as it was written. The slicer is asked before each request, so a
  // card's hold stops the reads before the next one is sent, not after it was answered.
  for (let lo = 0; complete && lo < VALUE_BUCKETS; lo += BUCKETS_PER_READ) {
    await slicer.tick();
    const records = await db.valueInputs
      .where('bucket')
      .between(lo, Math.min(VALUE_BUCKETS, lo + BUCKETS_PER_READ))
      .toArray();
    for (const r of records) {
      const v = bucketInputs(r);
      if (v) parts.push(v);
      else complete = false;
    }
  }
  if (!complete)
    return { inputs: await rebuildInputs(db, undefined, slicer), report: { rebuilt: true, refreshed } };
  return { inputs: await runSliced(concatSteps(parts), slicer), report: { rebuilt: false, refreshed } };
}

// ---- Results of the last full recompute ----

/** What the last full recompute found for one company (the card builds the rest from its records). */
export interface ValueSummary {
  companyId: string;
  computedAt: number;
  clv: number;
  currentValue: number;
  potentialValue: number;
  rank: number;
  tier: Tier;
  stage: Stage;
  orderCount: number;
  lastOrderAt: number | null;
  gapDays: number;
}

const SummaryRecordSchema = z.object({
  bucket: z.number(),
  format: z.literal(INPUTS_FORMAT),
  computedAt: z.number(),
  ids: z.array(z.string()),
  clv: z.instanceof(Float64Array),
  currentValue: z.instanceof(Float64Array),
  potentialValue: z.instanceof(Float64Array),
  rank: z.instanceof(Uint32Array),
  tier: z.instanceof(Uint8Array),
  stage: z.instanceof(Uint8Array),
  orderCount: z.instanceof(Uint32Array),
  lastOrderAt: z.instanceof(Float64Array),
  gapDays: z.instanceof(Float64Array),
  referrals: z.instanceof(Float64Array),
});
type SummaryRecord = z.infer<typeof SummaryRecordSchema>;

/** The records of a full recompute's results, one per bucket. */
export function summaryRecords(book: ComputedBook, computedAt: number): SummaryRecord[] {
  return runSteps(summarySteps(book, computedAt));
}

/** summaryRecords as steps (lib/value/slices.ts): it yields between buckets, every few hundred companies. */
export function* summarySteps(book: ComputedBook, computedAt: number): Steps<SummaryRecord[]> {
  const members = new Map<number, number[]>();
  for (let i = 0; i < book.ids.length; i++) {
    const b = bucketOf(book.ids[i]!);
    const list = members.get(b);
    if (list) list.push(i);
    else members.set(b, [i]);
    if (i % STEP === STEP - 1) yield;
  }
  const out: SummaryRecord[] = [];
  let since = 0;
  for (const [bucket, list] of members) {
    since += list.length;
    if (since >= STEP) {
      since = 0;
      yield;
    }
    const pick = <A extends Float64Array | Uint32Array | Uint8Array>(
      make: (n: number) => A,
      of: (i: number) => number,
    ) => {
      const a = make(list.length);
      for (let j = 0; j < list.length; j++) a[j] = of(list[j]!);
      return a;
    };
    out.push({
      bucket,
      format: INPUTS_FORMAT,
      computedAt,
      ids: list.map((i) => book.ids[i]!),
      clv: pick(
        (n) => new Float64Array(n),
        (i) => book.clv[i]!,
      ),
      currentValue: pick(
        (n) => new Float64Array(n),
        (i) => book.currentValue[i]!,
      ),
      potentialValue: pick(
        (n) => new Float64Array(n),
        (i) => book.potentialValue[i]!,
      ),
      rank: pick(
        (n) => new Uint32Array(n),
        (i) => book.rank[i]!,
      ),
      tier: pick(
        (n) => new Uint8Array(n),
        (i) => TIERS.indexOf(book.tier(i)),
      ),
      stage: pick(
        (n) => new Uint8Array(n),
        (i) => STAGES.indexOf(book.stage(i)),
      ),
      orderCount: pick(
        (n) => new Uint32Array(n),
        (i) => book.orderCount[i]!,
      ),
      lastOrderAt: pick(
        (n) => new Float64Array(n),
        (i) => book.lastOrderAt[i]!,
      ),
      gapDays: pick(
        (n) => new Float64Array(n),
        (i) => book.gapDays[i]!,
      ),
      referrals: pick(
        (n) => new Float64Array(n),
        (i) => book.referrals?.[i] ?? 0,
      ),
    });
  }
  return out;
}

/** Result records written per transaction: each is its own small commit, and a card is read between two. */
export const SUMMARY_RECORDS_PER_PUT = 32;

/** Book figures of the last full recompute, in the settings table (derived; rebuilt by recomputeAll). */
export const VALUE_BOOK_STATS_KEY = 'valueBookStats';

/**
 * The results are kept in two ranges of keys, one per generation: a full recompute writes its
 * results in the range not in use, a few records per transaction, then names them current in one
 * small transaction with the book's figures (`summaryGeneration` in the figures' record), then
 * drops the other range. So no transaction of the valuation holds the database for the whole
 * book's results (at 50k companies one commit of a few megabytes, which every read of the book
 * waited behind), and a reader still sees one whole valuation's results, never a mix: it reads
 * the figures and the range they name in one read transaction. A book valued before the ranges
 * has its results in generation 0.
 */
export const SUMMARY_GENERATIONS = 2;

/** The generation the stored book figures name as current (0 when none is named). */
export function summaryGeneration(stats: unknown): number {
  const named = (stats as { summaryGeneration?: unknown } | null | undefined)?.summaryGeneration;
  return typeof named === 'number' && Number.isInteger(named) && named > 0 && named < SUMMARY_GENERATIONS
    ? named
    : 0;
}

/** The keys of one generation's records: [lower, upper). */
function generationRange(generation: number): [number, number] {
  return [generation * VALUE_BUCKETS, (generation + 1) * VALUE_BUCKETS];
}

/** Which generation of results is current now (the stored figures' record names it). */
export async function currentSummaryGeneration(db: CrmDb): Promise<number> {
  return summaryGeneration((await db.settings.get(VALUE_BOOK_STATS_KEY))?.value);
}

/**
 * Writes a full recompute's results as `generation`, beside the current ones, a few records per
 * transaction with a pause of the slicer between two (the open card goes first). Leftovers of an
 * interrupted write of that generation are dropped first. The results are not read until the
 * caller names the generation current.
 */
export async function writeSummaries(
  db: CrmDb,
  records: readonly SummaryRecord[],
  generation: number,
  slicer: Slicer = UNSLICED,
): Promise<void> {
  await dropSummaries(db, generation, slicer);
  const [offset] = generationRange(generation);
  for (let at = 0; at < records.length; at += SUMMARY_RECORDS_PER_PUT) {
    await db.valueSummaries.bulkPut(
      records
        .slice(at, at + SUMMARY_RECORDS_PER_PUT)
        .map((r) => ({ ...r, bucket: offset + r.bucket })) as unknown as ValueBucketRecord[],
    );
    await slicer.tick();
  }
}

/** Drops one generation's results, a range of keys per transaction. */
export async function dropSummaries(db: CrmDb, generation: number, slicer: Slicer = UNSLICED): Promise<void> {
  const [lo, hi] = generationRange(generation);
  for (let at = lo; at < hi; at += SUMMARY_RECORDS_PER_PUT) {
    await db.valueSummaries
      .where('bucket')
      .between(at, Math.min(hi, at + SUMMARY_RECORDS_PER_PUT))
      .delete();
    await slicer.tick();
  }
}

/**
 * The current generation's result records that are whole (a damaged one is skipped: the next
 * full recompute rewrites it), read with the figures that name it in one read transaction.
 */
async function readSummaryRecords(db: CrmDb): Promise<SummaryRecord[]> {
  const stored = await db.transaction('r', db.settings, db.valueSummaries, async () => {
    const [lo, hi] = generationRange(await currentSummaryGeneration(db));
    return db.valueSummaries.where('bucket').between(lo, hi).toArray();
  });
  const out: SummaryRecord[] = [];
  for (const record of stored) {
    const r = wholeSummaryRecord(record);
    if (r) out.push(r);
  }
  return out;
}

/** A stored result record as read, or null when it is damaged (the next full recompute rewrites it). */
function wholeSummaryRecord(record: unknown): SummaryRecord | null {
  const parsed = SummaryRecordSchema.safeParse(record);
  if (!parsed.success) return null;
  const r = parsed.data;
  const n = r.ids.length;
  const columns = [r.clv, r.currentValue, r.potentialValue, r.rank, r.tier, r.stage, r.orderCount];
  return [...columns, r.lastOrderAt, r.gapDays, r.referrals].every((c) => c.length === n) ? r : null;
}

/** Result records read per transaction by summaryRankingSliced: each read is a short task. */
const SUMMARIES_PER_READ = 64;

/**
 * summaryRanking for the background worker, with the stored book figures it belongs to: the
 * current generation read a few records per transaction, with the slicer's pauses between (the
 * card goes first), so the worker never deserialises the whole book's results in one task. A
 * valuation named current meanwhile (written elsewhere: the valuation worker) is noticed at the
 * end and the reading starts again, so the ranking is always one whole valuation's. Null when the
 * book was never valued.
 */
export async function summaryRankingSliced(
  db: CrmDb,
  slicer: Slicer,
): Promise<{ stats: unknown; clvs: [string, number][]; referrals: Map<string, number> } | null> {
  for (;;) {
    const stats = (await db.settings.get(VALUE_BOOK_STATS_KEY))?.value;
    if (stats === undefined) return null;
    const generation = summaryGeneration(stats);
    const [lo, hi] = generationRange(generation);
    const clvs: [string, number][] = [];
    const referrals = new Map<string, number>();
    for (let at = lo; at < hi; at += SUMMARIES_PER_READ) {
      const stored = await db.valueSummaries
        .where('bucket')
        .between(at, Math.min(hi, at + SUMMARIES_PER_READ))
        .toArray();
      await slicer.tick();
      for (const record of stored) {
        const r = wholeSummaryRecord(record);
        if (!r) continue;
        for (let j = 0; j < r.ids.length; j++) {
          clvs.push([r.ids[j]!, r.clv[j]!]);
          if (r.referrals[j]) referrals.set(r.ids[j]!, r.referrals[j]!);
        }
      }
      await slicer.tick();
    }
    const now = (await db.settings.get(VALUE_BOOK_STATS_KEY))?.value;
    if (summaryGeneration(now) === generation && sameFigures(now, stats)) return { stats, clvs, referrals };
  }
}

/** Whether two stored book figures are the same valuation's (its time and generation). */
function sameFigures(a: unknown, b: unknown): boolean {
  const at = (s: unknown) => (s as { computedAt?: unknown } | undefined)?.computedAt;
  return at(a) === at(b) && summaryGeneration(a) === summaryGeneration(b);
}

/** Calls `each` for every company of the last full recompute. */
export async function eachSummary(db: CrmDb, each: (s: ValueSummary) => void): Promise<void> {
  for (const r of await readSummaryRecords(db))
    for (let j = 0; j < r.ids.length; j++)
      each({
        companyId: r.ids[j]!,
        computedAt: r.computedAt,
        clv: r.clv[j]!,
        currentValue: r.currentValue[j]!,
        potentialValue: r.potentialValue[j]!,
        rank: r.rank[j]!,
        tier: TIERS[r.tier[j]!] ?? 'small',
        stage: STAGES[r.stage[j]!] ?? 'exploration',
        orderCount: r.orderCount[j]!,
        lastOrderAt: Number.isNaN(r.lastOrderAt[j]!) ? null : r.lastOrderAt[j]!,
        gapDays: r.gapDays[j]!,
      });
}

/** The ranking of the last full recompute: every company's CLV, and the referral counts that are not zero. */
export async function summaryRanking(
  db: CrmDb,
): Promise<{ clvs: [string, number][]; referrals: Map<string, number> }> {
  const clvs: [string, number][] = [];
  const referrals = new Map<string, number>();
  for (const r of await readSummaryRecords(db))
    for (let j = 0; j < r.ids.length; j++) {
      clvs.push([r.ids[j]!, r.clv[j]!]);
      if (r.referrals[j]) referrals.set(r.ids[j]!, r.referrals[j]!);
    }
  return { clvs, referrals };
}

/**
 * The scheduler's upkeep after incremental updates: refreshes the marked
 * companies' buckets while they are few. A whole-book change, or more marks than
 * REBUILD_ABOVE, waits for the next full recompute, which rebuilds every bucket at once.
 */
export async function upkeepInputs(db: CrmDb): Promise<number> {
  const marks = await marksToRefresh(db);
  return marks === 'rebuild' || !marks.length ? 0 : refreshInputs(db, marks);
}

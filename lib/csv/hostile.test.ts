import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { forgetValueCache } from '../value/recompute';
import {
  MAX_CSV_BYTES,
  MAX_CSV_ROWS,
  CsvFileRefused,
  importCsv,
  parseCsv,
  parseCsvFile,
  parseDay,
} from './import';

let db: CrmDb | undefined;
let n = 0;
function fresh(): CrmDb {
  db = openCrmDb(`csv-hostile-${++n}`);
  return db;
}
afterEach(async () => {
  if (!db) return;
  forgetValueCache(db);
  await db.delete();
  db = undefined;
});
const NOW = Date.UTC(2025, 5, 1);

describe('hostile CSV files', () => {
  it('an unbalanced quote is a row error: it no longer swallows the rest of the file into one company', async () => {
    const text = [
      'name,domains,notes',
      'Acme,acme.example,ok',
      'Bolt,bolt.example,"never closed',
      'Crane,crane.example,fine',
      'Delta,delta.example,fine',
    ].join('\n');
    const db = fresh();
    const result = await importCsv(db, 'companies', text, undefined, NOW);
    expect(result.written).toBe(0);
    expect(result.errors).toContainEqual(expect.objectContaining({ row: 3, reason: 'csv.error.quotes' }));
    expect(await db.companies.count()).toBe(0);
  });

  it('a row with more cells than the header is a row error, not silently cut', () => {
    const csv = parseCsv('name,domains\nAcme,acme.example,extra,cells\nBolt,bolt.example');
    expect(csv.errors).toEqual([expect.objectContaining({ row: 2, reason: 'csv.error.cells' })]);
  });

  it('dates outside the book range are refused', () => {
    expect(parseDay('9999-01-01')).toBeNaN();
    expect(parseDay('1969-12-31')).toBeNaN();
    expect(parseDay('2199-12-31')).toBe(Date.UTC(2199, 11, 31, 12));
  });

  it('a file over the size limit is refused before it is read', async () => {
    let read = false;
    const huge = {
      size: MAX_CSV_BYTES + 1,
      slice: () => {
        read = true;
        return new Blob(['']);
      },
    } as unknown as Blob;
    await expect(parseCsvFile(huge)).rejects.toBeInstanceOf(CsvFileRefused);
    expect(read).toBe(false);
  });

  it('a million-row file is refused after reading its first rows, with progress while reading', async () => {
    const rows = 'Acme,acme.example\n'.repeat(1_000_000);
    const file = new Blob([`name,domains\n${rows}`]);
    expect(file.size).toBeLessThan(MAX_CSV_BYTES);
    await expect(parseCsvFile(file)).rejects.toMatchObject({ reason: 'csv.fileError.tooManyRows' });
    const progress: number[] = [];
    const small = new Blob([`name,domains\n${'Acme,acme.example\n'.repeat(MAX_CSV_ROWS)}`]);
    const csv = await parseCsvFile(small, (done) => progress.push(done));
    expect(csv.rows).toHaveLength(MAX_CSV_ROWS);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);
  });
});

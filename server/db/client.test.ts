import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres, POSTGRES_URL, type TestDb } from '../test-support';
import { sqlLiteral } from './client';

// Tx.commitWith sends its statements and the commit in one round trip, with the values
// written in as literals: both databases must read every value back exactly, commit what
// the script did, and keep nothing of a transaction whose script failed.

const hostile = [
  "O'Brien & Sons",
  "'; drop table t; --",
  'C:\\temp\\new',
  "\\'; select 1; --",
  '$1 $$ $tag$',
  '{"t":1,"s":["team","rep-a"]}',
  '中文，客户',
  '',
];

function suite(open: () => Promise<TestDb>) {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
    await t.db.exec('create table t (id int primary key, v text)');
  }, 60_000);
  afterAll(async () => t?.drop());

  it('reads every literal back as the value written', async () => {
    for (const value of hostile) {
      const [row] = await t.db.query<{ v: string }>(`select ${sqlLiteral(value)}::text as v`);
      expect(row!.v).toBe(value);
    }
    const [row] = await t.db.query<{ v: string }>(`select ${sqlLiteral(2 ** 53 - 1)}::bigint::text as v`);
    expect(row!.v).toBe(String(2 ** 53 - 1));
    expect(() => sqlLiteral(0.5)).toThrow();
    expect(() => sqlLiteral('a\0b')).toThrow();
  });

  it('commits what the transaction and its closing script wrote', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query('insert into t values (1, $1)', ['before']);
      await tx.commitWith(
        `insert into t values (2, ${sqlLiteral(hostile[1]!)}); update t set v = 'after' where id = 1`,
      );
    });
    const rows = await t.db.query<{ id: number; v: string }>('select id, v from t order by id');
    expect(rows).toEqual([
      { id: 1, v: 'after' },
      { id: 2, v: hostile[1] },
    ]);
  });

  it('keeps nothing of a transaction whose closing script fails', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('insert into t values (3, $1)', ['lost']);
        await tx.commitWith(`insert into t values (4, 'x'); insert into t values (1, 'duplicate key')`);
      }),
    ).rejects.toThrow(/duplicate key/);
    const ids = (await t.db.query<{ id: number }>('select id from t order by id')).map((r) => r.id);
    expect(ids).toEqual([1, 2]);
    // The connection went back to the pool in a usable state.
    await t.db.transaction(async (tx) => tx.commitWith(`insert into t values (5, 'next')`));
    expect((await t.db.query('select 1 from t where id = 5')).length).toBe(1);
  });
}

describe.skipIf(!POSTGRES_URL)('commitWith on PostgreSQL', () => {
  suite(() => freshPostgres(0));

  it('refuses a statement after the commit', async () => {
    const t = await freshPostgres(0);
    try {
      await expect(
        t.db.transaction(async (tx) => {
          await tx.commitWith('select 1');
          await tx.query('select 1');
        }),
      ).rejects.toThrow(/has committed/);
    } finally {
      await t.drop();
    }
  });
});

describe('commitWith on PGlite', () => {
  suite(() => freshPglite(0));
});

import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database, Isolation } from './client';

// The embedded default: PostgreSQL compiled to WebAssembly, in this process, with its
// data in a folder (or in memory for tests). One connection: transactions run one at
// a time, which is plenty for a small team or a trial, not for scale-out.

export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  return {
    kind: 'pglite',
    async query(text, params) {
      const result = await db.query(text, params as unknown[] | undefined);
      return result.rows as never[];
    },
    async exec(script) {
      await db.exec(script);
    },
    async transaction(fn, isolation: Isolation = 'read committed') {
      return db.transaction(async (tx) => {
        await tx.query(`set transaction isolation level ${isolation}`);
        return fn({
          async query(text, params) {
            const result = await tx.query(text, params as unknown[] | undefined);
            return result.rows as never[];
          },
          async exec(script) {
            await tx.exec(script);
          },
          // One connection in this process: no round trip to save; PGlite commits when fn returns.
          async commitWith(script) {
            await tx.exec(script);
          },
        });
      });
    },
    async listen(channel, onPayload) {
      const stop = await db.listen(channel, onPayload);
      return stop;
    },
    async close() {
      await db.close();
    },
  };
}

import pg from 'pg';
import type { Database, Isolation, Sql, Tx } from './client';

// A real PostgreSQL through `pg`'s pool. int8 (versions, counts) come back as JS
// numbers: they stay far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openPostgres(url: string, max = 20): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle connection dropped by a database restart must not crash the server: the pool
  // replaces it on the next request.
  pool.on('error', (error) => console.warn('postgres: idle connection lost:', error.message));
  // A connection lost while checked out fails its query; its 'error' event must not crash the server.
  pool.on('connect', (client) => client.on('error', () => undefined));
  await pool.query('select 1');
  const asSql = (client: pg.PoolClient | pg.Pool): Sql => ({
    async query(text, params) {
      const result = await client.query(text, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(script) {
      await client.query(script);
    },
  });
  return {
    kind: 'postgres',
    ...asSql(pool),
    async transaction(fn, isolation: Isolation = 'read committed') {
      const client = await pool.connect();
      let broken = false;
      let committed = false;
      const sql = asSql(client);
      const open = () => {
        if (committed) throw new Error('the transaction has committed');
      };
      const tx: Tx = {
        query: (text, params) => (open(), sql.query(text, params)),
        exec: (script) => (open(), sql.exec(script)),
        async commitWith(script) {
          open();
          committed = true;
          // Several statements in one simple query: one round trip. If the script fails, the
          // statements after it (the commit) are skipped and the rollback below ends it.
          await client.query(`${script};\ncommit`);
        },
      };
      try {
        await client.query(`begin isolation level ${isolation}`);
        const result = await fn(tx);
        if (!committed) await client.query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch {
          broken = true; // the connection itself failed: do not return it to the pool
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onPayload) {
      // A connection of its own, outside the pool, reopened after a database restart.
      let client: pg.Client | undefined;
      let stopped = false;
      const connect = async (): Promise<void> => {
        while (!stopped) {
          const c = new pg.Client({ connectionString: url, types });
          try {
            c.on('notification', (n) => {
              if (n.channel === channel) onPayload(n.payload ?? '');
            });
            c.on('error', () => {
              if (stopped || client !== c) return;
              client = undefined;
              c.end().catch(() => undefined);
              // What was notified while we were away is not replayed: clients also pull on a timer.
              setTimeout(() => void connect(), 500);
            });
            await c.connect();
            await c.query(`listen ${pg.escapeIdentifier(channel)}`);
            client = c;
            onPayload(''); // reconnected: tell every connected client to pull, in case a poke was missed
            return;
          } catch {
            await c.end().catch(() => undefined);
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => undefined);
      };
    },
    async close() {
      await pool.end();
    },
  };
}

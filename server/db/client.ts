// One interface over the two databases the server runs on: a real PostgreSQL
// (through `pg`, DATABASE_URL set) or the embedded PGlite (a data folder). The
// rules and the sync code only ever see `Sql` and `Database`, so both run the
// same SQL. Parameterised queries only.

export interface Sql {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (a migration). */
  exec(script: string): Promise<void>;
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

/** A transaction under way. */
export interface Tx extends Sql {
  /**
   * Runs `script` (statements without parameters: values written in with `sqlLiteral`) and
   * commits, in one round trip to the database. A lock the script takes is then held only
   * while the database itself works and flushes the commit, never while this process,
   * perhaps busy with other requests, gets round to sending COMMIT. Resolves once the
   * commit is durable; nothing may run in the transaction after it.
   */
  commitWith(script: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, isolation?: Isolation): Promise<T>;
  /** Calls `onPayload` for every NOTIFY on `channel`, from any server node; resolves to a stop function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The database the environment names: PostgreSQL at `url`, else PGlite in `dataDir` (memory when absent). */
export async function openDatabase(options: {
  url?: string;
  dataDir?: string;
  poolSize?: number;
}): Promise<Database> {
  if (options.url) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(options.url, options.poolSize);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(options.dataDir);
}

/**
 * A value written into SQL text as a literal, for `Tx.commitWith` (which takes no
 * parameters): a safe integer as digits, a string quoted as PostgreSQL reads it with
 * standard_conforming_strings on or off (the same rule as node-postgres' escapeLiteral).
 */
export function sqlLiteral(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
    return String(value);
  }
  if (value.includes('\0')) throw new Error('a NUL character cannot be sent to PostgreSQL');
  const quoted = `'${value.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
  return value.includes('\\') ? ` E${quoted}` : quoted;
}

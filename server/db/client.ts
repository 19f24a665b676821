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

export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>, isolation?: Isolation): Promise<T>;
  /** Calls `onPayload` for every NOTIFY on `channel`, from any server node; resolves to a stop function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The database the environment names: PostgreSQL at `url`, else PGlite in `dataDir` (memory when absent). */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  if (options.url) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(options.url);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(options.dataDir);
}

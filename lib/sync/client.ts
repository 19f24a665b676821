import type { CrmDb } from '../db/db';
import {
  MAX_MUTATIONS_PER_PUSH,
  MAX_PULL_PAGE,
  PullResponseSchema,
  PushResponseSchema,
  type Cookie,
  type Mutation,
  type PullResponse,
} from './protocol';
import { applyPull, readOutbox, readState, settlePush } from './store';
import { META, type ConnectionStatus, type OutboxEntry } from './tables';

// The sync loop of one browser (docs/sync.md): push what waits in the outbox,
// then pull until the server has nothing more, one run at a time. Runs in the
// background worker; Node tests and the benchmark run it too, with their own fetch.

export interface Session {
  serverUrl: string;
  token: string;
}

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SyncRun {
  pushed: number;
  rejected: number;
  pulled: number;
}

export interface SyncClientOptions {
  db: CrmDb;
  session: () => Promise<Session | null>;
  fetch?: typeof fetch;
  /** Told after every run and every page (progress of a first sync). */
  onStatus?: (status: ConnectionStatus) => void;
  /** Records asked for per pull (MAX_PULL_PAGE by default). */
  pageSize?: number;
  /**
   * Told when a pull of several pages begins (a first sync, a handed-over book arriving), with a
   * promise that settles when its last page is written: work that reacts to the book's writes
   * (the valuation) waits for the whole of it rather than running after every page.
   */
  onLongPull?: (done: Promise<void>) => void;
}

const toMutation = (e: OutboxEntry): Mutation =>
  e.op === 'put'
    ? { id: e.id!, op: 'put', kind: e.kind, key: e.key, value: e.value ?? {}, base: e.base ?? null }
    : { id: e.id!, op: 'delete', kind: e.kind, key: e.key };

export class SyncClient {
  private running: Promise<SyncRun> | null = null;
  private again = false;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SyncClientOptions) {
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  /** Runs a sync now, or once more after the one under way. */
  sync(): Promise<SyncRun> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: SyncRun = { pushed: 0, rejected: 0, pulled: 0 };
      try {
        do {
          this.again = false;
          const run = await this.runOnce();
          total.pushed += run.pushed;
          total.rejected += run.rejected;
          total.pulled += run.pulled;
        } while (this.again);
        return total;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async status(patch: ConnectionStatus): Promise<void> {
    const { db } = this.options;
    await db.syncMeta.put({ key: META.connection, value: patch });
    this.options.onStatus?.(patch);
  }

  private async runOnce(): Promise<SyncRun> {
    const { db } = this.options;
    const session = await this.options.session();
    const state = await readState(db);
    if (!session || !state?.enabled) return { pushed: 0, rejected: 0, pulled: 0 };
    try {
      const run = { pushed: 0, rejected: 0, pulled: 0 };
      for (;;) {
        const batch = await readOutbox(db, MAX_MUTATIONS_PER_PUSH);
        if (!batch.length) break;
        const answer = PushResponseSchema.parse(
          await this.call(session, '/api/push', {
            clientId: state.clientId,
            mutations: batch.map(toMutation),
          }),
        );
        const rejected = await settlePush(db, batch, answer.results);
        run.pushed += answer.results.length;
        run.rejected += rejected.length;
        if (batch.length < MAX_MUTATIONS_PER_PUSH) break;
      }
      const cookie = ((await db.syncMeta.get(META.cookie))?.value as Cookie | undefined) ?? null;
      let total: number | undefined;
      let pullEnded: (() => void) | undefined;
      const ask = (after: Cookie | null): Promise<PullResponse> =>
        this.call(session, '/api/pull', {
          clientId: state.clientId,
          cookie: after,
          limit: this.options.pageSize ?? MAX_PULL_PAGE,
        }).then((answer) => PullResponseSchema.parse(answer));
      let next = ask(cookie);
      try {
        for (;;) {
          const page = await next;
          // The next page crosses the network and is checked while this one is written.
          if (page.more) {
            next = ask(page.cookie);
            next.catch(() => undefined); // a page left unread when this one fails to be written
          }
          if (page.more && !pullEnded)
            this.options.onLongPull?.(new Promise<void>((resolve) => (pullEnded = resolve)));
          await applyPull(db, page);
          run.pulled += page.puts.length + page.deletes.length;
          total ??= page.total;
          if (!page.more) break;
          if (total) await this.status({ online: true, progress: { done: run.pulled, total } });
        }
      } finally {
        pullEnded?.();
      }
      await this.status({ online: true, lastSyncAt: Date.now() });
      return run;
    } catch (error) {
      const previous = (await db.syncMeta.get(META.connection))?.value as ConnectionStatus | undefined;
      const offline = !(error instanceof SyncHttpError);
      await this.status({
        online: !offline,
        lastSyncAt: previous?.lastSyncAt,
        lastError: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  private async call(session: Session, path: string, body: unknown): Promise<unknown> {
    const response = await this.fetch(new URL(path, session.serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    if (!response.ok)
      throw new SyncHttpError(
        response.status,
        json.error ?? 'error',
        json.message ?? `HTTP ${response.status}`,
      );
    return json;
  }
}

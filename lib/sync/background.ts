import { liveQuery } from 'dexie';
import type { CrmDb } from '../db/db';
import { newId } from '../db/ids';
import { MeSchema, SignInResponseSchema, TeamMemberSchema, type Me } from './protocol';
import { SyncClient, type Session } from './client';
import { TeamMessageSchema, type TeamAnswer } from './messages';
import { joinTeam, leaveTeam, readState } from './store';
import { META, type ConnectionStatus } from './tables';

// Team mode in the background worker: sign-in and sign-out for the pages, the
// sync loop, and the live connection that brings pokes. Nothing runs while no
// one is signed in: the extension is then exactly the solo extension.

export const TEAM_SYNC_ALARM = 'team-sync';
/** A message on the socket at least this often keeps the MV3 worker alive (Chrome 116+). */
export const KEEPALIVE_MS = 20_000;
const CURRENT_REP_KEY = 'currentRepId';

export interface TeamDeps {
  db: CrmDb;
  session: { read(): Promise<Session | null>; write(s: Session | null): Promise<void> };
  alarms?: {
    create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): Promise<void> | void;
  };
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  log?: (message: string) => void;
  /** A pull of several pages began; `done` settles after its last page (the SyncClient's onLongPull). */
  onLongPull?: (done: Promise<void>) => void;
}

export function createTeamSync(deps: TeamDeps) {
  const { db } = deps;
  const doFetch = deps.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const log = deps.log ?? ((m: string) => console.warn(m));
  const client = new SyncClient({
    db,
    session: () => deps.session.read(),
    fetch: doFetch,
    onLongPull: deps.onLongPull,
  });
  let socket: WebSocket | null = null;
  let keepalive: ReturnType<typeof setInterval> | undefined;
  let retry = 0;
  let stopped = true;

  const sync = () =>
    client.sync().catch((error: unknown) => {
      log(`team sync: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });

  async function setOnline(online: boolean): Promise<void> {
    const now = (await db.syncMeta.get(META.connection))?.value as ConnectionStatus | undefined;
    if (now?.online !== online) await db.syncMeta.put({ key: META.connection, value: { ...now, online } });
  }

  function connect(serverUrl: string, token: string): void {
    const Socket = deps.WebSocket ?? globalThis.WebSocket;
    if (!Socket || stopped) return;
    const url = new URL('/api/poke', serverUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new Socket(url);
    socket = ws;
    ws.onopen = () => {
      // Back after a cut (the server restarted, the network came back): what waited goes now,
      // not at the next alarm.
      const reconnected = retry > 0;
      retry = 0;
      // The client id: the server does not poke this browser for its own changes (it pulls
      // after each push anyway).
      void readState(db).then((state) =>
        ws.send(JSON.stringify({ type: 'hello', token, clientId: state?.clientId })),
      );
      if (reconnected) void sync();
      clearInterval(keepalive);
      keepalive = setInterval(() => ws.readyState === 1 && ws.send('{"type":"ping"}'), KEEPALIVE_MS);
    };
    ws.onmessage = (event) => {
      if (String(event.data).includes('"poke"')) void sync();
    };
    ws.onclose = () => {
      clearInterval(keepalive);
      if (socket !== ws) return;
      socket = null;
      void setOnline(false);
      if (stopped) return;
      // Back off up to ten seconds (one connection attempt is cheap, and a rep back online wants their
      // changes out soon); the alarm still syncs every minute meanwhile.
      const delay = Math.min(10_000, 1000 * 2 ** retry++);
      setTimeout(() => void deps.session.read().then((s) => s && connect(s.serverUrl, s.token)), delay);
    };
  }

  function disconnect(): void {
    clearInterval(keepalive);
    const ws = socket;
    socket = null;
    ws?.close();
  }

  let unwatch: (() => void) | undefined;
  /** A change to the outbox from any context (a page, this worker) pushes it soon. */
  function watchOutbox(): void {
    if (unwatch) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = liveQuery(() => db.syncOutbox.count()).subscribe({
      next: (count) => {
        if (count === 0) return;
        clearTimeout(timer);
        timer = setTimeout(() => void sync(), 150);
      },
      error: (error: unknown) => log(`team outbox watch: ${String(error)}`),
    });
    unwatch = () => subscription.unsubscribe();
  }

  /** On worker start and after sign-in: pull now, listen for pokes, push what waits. */
  async function start(): Promise<void> {
    const session = await deps.session.read();
    const state = await readState(db);
    if (!session || !state?.enabled) return;
    stopped = false;
    await deps.alarms?.create(TEAM_SYNC_ALARM, { periodInMinutes: 1, delayInMinutes: 1 });
    watchOutbox();
    if (!socket) connect(session.serverUrl, session.token);
    await sync();
  }

  async function api(path: string, init: RequestInit = {}): Promise<Response> {
    const session = await deps.session.read();
    if (!session) throw new Error('signed-out');
    return doFetch(new URL(path, session.serverUrl), {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    });
  }

  async function signIn(serverUrl: string, email: string, password: string): Promise<TeamAnswer> {
    let response: Response;
    try {
      response = await doFetch(new URL('/api/sign-in', serverUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    } catch {
      return { ok: false, error: 'unreachable' };
    }
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    if (!response.ok) return { ok: false, error: body.error ?? 'error', message: body.message };
    const parsed = SignInResponseSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: 'not-a-team-server' };
    const { token, user } = parsed.data;
    const before = await readState(db);
    await deps.session.write({ serverUrl, token });
    if (!before?.enabled || before.userId !== user.id || before.role !== user.role) {
      const solo = (await db.settings.get(CURRENT_REP_KEY))?.value;
      await joinTeam(
        db,
        { enabled: true, clientId: newId().replace(/-/g, ''), userId: user.id, role: user.role },
        typeof solo === 'string' ? solo : undefined,
      );
    }
    await db.transaction('rw', db.settings, db.reps, db.syncMeta, async () => {
      await db.reps.put({
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        createdAt: Date.now(),
      });
      await db.settings.put({ key: CURRENT_REP_KEY, value: user.id });
      await db.syncMeta.put({ key: 'user', value: { ...user, serverUrl } });
    });
    void start();
    return { ok: true, user };
  }

  async function signOut(): Promise<TeamAnswer> {
    await sync(); // send what waits, while the token still works
    stopped = true;
    disconnect();
    unwatch?.();
    unwatch = undefined;
    await api('/api/sign-out', { method: 'POST', body: '{}' }).catch(() => undefined);
    await deps.session.write(null);
    await leaveTeam(db);
    await db.syncMeta.delete('user');
    return { ok: true };
  }

  async function handle(raw: unknown): Promise<TeamAnswer> {
    const parsed = TeamMessageSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: 'invalid', message: parsed.error.issues[0]?.message };
    const message = parsed.data;
    switch (message.type) {
      case 'team/sign-in':
        return signIn(message.serverUrl.replace(/\/+$/, ''), message.email, message.password);
      case 'team/sign-out':
        return signOut();
      case 'team/sync-now': {
        const run = await client.sync().then(
          () => null,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
        return run ? { ok: false, error: 'sync-failed', message: run } : { ok: true };
      }
      case 'team/users': {
        const response = await api('/api/users').catch(() => null);
        if (!response?.ok) return { ok: false, error: response ? String(response.status) : 'unreachable' };
        return { ok: true, users: TeamMemberSchema.array().parse(await response.json()) };
      }
      case 'team/add-user': {
        const response = await api('/api/users', {
          method: 'POST',
          body: JSON.stringify(message.user),
        }).catch(() => null);
        if (!response) return { ok: false, error: 'unreachable' };
        const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
        return response.ok
          ? { ok: true }
          : { ok: false, error: body.error ?? 'error', message: body.message };
      }
      case 'team/set-disabled': {
        const action = message.disabled ? 'disable' : 'enable';
        const response = await api(`/api/users/${encodeURIComponent(message.userId)}/${action}`, {
          method: 'POST',
          body: '{}', // a JSON request with no body is refused
        }).catch(() => null);
        if (!response) return { ok: false, error: 'unreachable' };
        if (response.ok) return { ok: true };
        const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
        return { ok: false, error: body.error ?? 'error', message: body.message };
      }
    }
  }

  /** True when the alarm was team mode's. */
  function onAlarm(name: string): boolean {
    if (name !== TEAM_SYNC_ALARM) return false;
    void sync();
    return true;
  }

  return { start, sync, handle, onAlarm, api };
}

/** Who is signed in (pages read it; no token in it). */
export async function readSignedIn(db: CrmDb): Promise<(Me & { serverUrl: string }) | undefined> {
  const value = (await db.syncMeta.get('user'))?.value;
  const parsed = MeSchema.extend({ serverUrl: MeSchema.shape.email }).safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

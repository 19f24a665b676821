import type { WebSocket } from 'ws';
import type { RepRole } from '../../lib/db/types';
import type { Database } from '../db/client';
import { isManager, TEAM_SCOPE } from '../rules/access';

// Poke (docs/sync.md): after a push commits, every server node hears of it
// (PostgreSQL LISTEN/NOTIFY, so it works across nodes) and tells the connected
// browsers whose view it touched to pull. A poke carries no data: a lost one
// only delays a change until the browser's next timed pull.

export const POKE_CHANNEL = 'team_poke';

/**
 * The NOTIFY payload: the team, and the scopes (user ids, 'team') the push touched (none =
 * everyone); `o`, for a scope that one client's push alone touched, that client, which has the
 * change already (it pulls after every push of its own): its browser is not poked for it.
 */
export interface PokePayload {
  t: number;
  s?: string[];
  o?: Record<string, string>;
}

/**
 * Scopes named in one NOTIFY at most. PostgreSQL refuses a payload of 8,000 bytes or more,
 * and that refusal would fail the whole push (a manager's push touching hundreds of reps'
 * customers, sent again and again): past this many, the payload names the team alone and
 * every member's browser is poked, which costs each of them one pull.
 */
export const MAX_POKE_SCOPES = 50;

/** The bytes a payload is kept under (PostgreSQL's limit is 8,000). */
export const MAX_POKE_BYTES = 7000;

/** The NOTIFY payload of a change in `teamId` touching `scopes`: small whatever the change. */
export function pokePayload(teamId: number, scopes: Iterable<string>): string {
  const s = [...new Set(scopes)];
  const payload: PokePayload = s.length <= MAX_POKE_SCOPES ? { t: teamId, s } : { t: teamId };
  return JSON.stringify(payload);
}

/**
 * The NOTIFY payloads of one transaction whose pushes touched `touched` (the scopes of each
 * push, and the client that pushed it): one team-wide payload if a push touched more scopes
 * than a payload names (that push alone would poke everyone), else the scopes of all of them,
 * at most MAX_POKE_SCOPES and MAX_POKE_BYTES a payload. A group of many reps' pushes pokes
 * those reps, not the whole team, and not the browsers that made the changes.
 */
export function pokePayloads(
  teamId: number,
  touched: readonly { clientId: string; scopes: Iterable<string> }[],
): string[] {
  const pushes = touched.map((p) => ({ clientId: p.clientId, scopes: new Set(p.scopes) }));
  if (pushes.some((p) => p.scopes.size > MAX_POKE_SCOPES)) return [JSON.stringify({ t: teamId })];
  // Each scope, with the one client that alone touched it (null: several did).
  const by = new Map<string, string | null>();
  for (const { clientId, scopes } of pushes)
    for (const scope of scopes) by.set(scope, by.has(scope) && by.get(scope) !== clientId ? null : clientId);
  const payloads: string[] = [];
  let current: Required<PokePayload> = { t: teamId, s: [], o: {} };
  const size = (p: PokePayload) => JSON.stringify(p).length;
  for (const [scope, only] of by) {
    const next = {
      t: teamId,
      s: [...current.s, scope],
      o: only ? { ...current.o, [scope]: only } : current.o,
    };
    if (current.s.length && (next.s.length > MAX_POKE_SCOPES || size(next) > MAX_POKE_BYTES)) {
      payloads.push(JSON.stringify(current));
      current = { t: teamId, s: [scope], o: only ? { [scope]: only } : {} };
    } else current = next;
  }
  if (current.s.length) payloads.push(JSON.stringify(current));
  return payloads;
}

interface Listener {
  socket: Pick<WebSocket, 'send' | 'readyState'>;
  userId: string;
  /** The browser's client id, as its hello said (older browsers say none: always poked). */
  clientId?: string;
  teamId: number;
  role: RepRole;
}

export class PokeHub {
  private readonly listeners = new Set<Listener>();
  /** Listeners to poke at the end of this turn of the event loop. */
  private readonly due = new Set<Listener>();
  private flushing = false;
  private stop?: () => Promise<void>;

  async start(db: Database): Promise<void> {
    this.stop = await db.listen(POKE_CHANNEL, (payload) => this.onNotify(payload));
  }

  add(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  onNotify(payload: string): void {
    let parsed: PokePayload | null = null;
    try {
      parsed = payload ? (JSON.parse(payload) as PokePayload) : null;
    } catch {
      parsed = null;
    }
    for (const l of this.listeners) {
      if (parsed && l.teamId !== parsed.t) continue;
      if (touches(parsed, l)) this.due.add(l);
    }
    // The notifications of one commit (a group of pushes, several payloads) arrive together:
    // each browser is poked once for all of them, after this turn of the event loop.
    if (this.due.size && !this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushing = false;
    for (const l of this.due) if (l.socket.readyState === 1) l.socket.send('{"type":"poke"}');
    this.due.clear();
  }

  async close(): Promise<void> {
    await this.stop?.();
  }
}

/** Whether a change is one `l`'s browser should pull for: in its view, and not its own. */
function touches(payload: PokePayload | null, l: Listener): boolean {
  if (!payload?.s) return true;
  return payload.s.some(
    (scope) =>
      (isManager(l.role) || scope === l.userId || scope === TEAM_SCOPE) &&
      !(l.clientId && payload.o?.[scope] === l.clientId),
  );
}

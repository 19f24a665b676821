import type { WebSocket } from 'ws';
import type { RepRole } from '../../lib/db/types';
import type { Database } from '../db/client';
import { isManager, TEAM_SCOPE } from '../rules/access';

// Poke (docs/sync.md): after a push commits, every server node hears of it
// (PostgreSQL LISTEN/NOTIFY, so it works across nodes) and tells the connected
// browsers whose view it touched to pull. A poke carries no data: a lost one
// only delays a change until the browser's next timed pull.

export const POKE_CHANNEL = 'team_poke';

/** The NOTIFY payload: the team, and the scopes (user ids, 'team') the push touched; none = everyone. */
export interface PokePayload {
  t: number;
  s?: string[];
}

/**
 * Scopes named in one NOTIFY at most. PostgreSQL refuses a payload of 8,000 bytes or more,
 * and that refusal would fail the whole push (a manager's push touching hundreds of reps'
 * customers, sent again and again): past this many, the payload names the team alone and
 * every member's browser is poked, which costs each of them one pull.
 */
export const MAX_POKE_SCOPES = 50;

/** The NOTIFY payload of a change in `teamId` touching `scopes`: small whatever the change. */
export function pokePayload(teamId: number, scopes: Iterable<string>): string {
  const s = [...new Set(scopes)];
  const payload: PokePayload = s.length <= MAX_POKE_SCOPES ? { t: teamId, s } : { t: teamId };
  return JSON.stringify(payload);
}

/**
 * The NOTIFY payloads of one transaction whose pushes touched `touched` (one set of scopes a
 * push): one team-wide payload if a push touched more scopes than a payload names (that push
 * alone would poke everyone), else the scopes of all of them, at most MAX_POKE_SCOPES a payload.
 * A group of many reps' pushes pokes those reps, not the whole team.
 */
export function pokePayloads(teamId: number, touched: readonly Iterable<string>[]): string[] {
  const sets = touched.map((scopes) => new Set(scopes));
  if (sets.some((s) => s.size > MAX_POKE_SCOPES)) return [JSON.stringify({ t: teamId })];
  const all = [...new Set(sets.flatMap((s) => [...s]))];
  const payloads: string[] = [];
  for (let i = 0; i < all.length; i += MAX_POKE_SCOPES)
    payloads.push(pokePayload(teamId, all.slice(i, i + MAX_POKE_SCOPES)));
  return payloads.length ? payloads : [pokePayload(teamId, [])];
}

interface Listener {
  socket: Pick<WebSocket, 'send' | 'readyState'>;
  userId: string;
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
      const touches =
        !parsed?.s || isManager(l.role) || parsed.s.includes(l.userId) || parsed.s.includes(TEAM_SCOPE);
      if (touches) this.due.add(l);
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

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_POKE_SCOPES, PokeHub, pokePayloads, type PokePayload } from './poke';

// Pokes of a group of pushes: who is told to pull, and NOTIFY payloads PostgreSQL accepts.

const TEAM = 7;

function browser(userId: string, role: 'rep' | 'manager', clientId?: string) {
  const sent: string[] = [];
  return {
    sent,
    listener: {
      socket: { readyState: 1, send: (m: string) => void sent.push(m) },
      userId,
      teamId: TEAM,
      role,
      ...(clientId && { clientId }),
    } as Parameters<PokeHub['add']>[0],
  };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('pokes of a group of pushes', () => {
  it('pokes the browsers whose view changed, once per commit, never the one that made the change', async () => {
    const hub = new PokeHub();
    const repA = browser('rep-a', 'rep', 'client-a-laptop');
    const repAPhone = browser('rep-a', 'rep', 'client-a-phone'); // the same rep's other browser
    const repB = browser('rep-b', 'rep', 'client-b-laptop');
    const repC = browser('rep-c', 'rep', 'client-c-laptop');
    const manager = browser('mia', 'manager', 'client-mia');
    const old = browser('rep-b', 'rep'); // a browser whose hello names no client: always poked
    for (const b of [repA, repAPhone, repB, repC, manager, old]) hub.add(b.listener);
    // One commit: A logged a contact; the manager edited one of B's customers.
    for (const payload of pokePayloads(TEAM, [
      { clientId: 'client-a-laptop', scopes: ['rep-a'] },
      { clientId: 'client-mia', scopes: ['rep-b'] },
    ]))
      hub.onNotify(payload);
    hub.onNotify(pokePayloads(TEAM + 1, [{ clientId: 'elsewhere', scopes: ['rep-c'] }])[0]!); // another team
    await turn();
    expect(repA.sent).toEqual([]);
    expect(repAPhone.sent).toEqual(['{"type":"poke"}']);
    expect(repB.sent).toEqual(['{"type":"poke"}']);
    expect(old.sent).toEqual(['{"type":"poke"}']);
    expect(repC.sent).toEqual([]);
    expect(manager.sent).toEqual(['{"type":"poke"}']); // A's contact is news to the manager
  });

  it("a scope two clients' pushes touched pokes both of them", async () => {
    const hub = new PokeHub();
    const repA = browser('rep-a', 'rep', 'client-a-laptop');
    const manager = browser('mia', 'manager', 'client-mia');
    hub.add(repA.listener);
    hub.add(manager.listener);
    for (const payload of pokePayloads(TEAM, [
      { clientId: 'client-a-laptop', scopes: ['rep-a'] },
      { clientId: 'client-mia', scopes: ['rep-a'] },
    ]))
      hub.onNotify(payload);
    await turn();
    expect(repA.sent).toHaveLength(1);
    expect(manager.sent).toHaveLength(1);
  });

  it("hundreds of reps' pushes in one commit fit in payloads PostgreSQL takes, naming every rep", () => {
    const pushes = Array.from({ length: 400 }, () => ({
      clientId: 'c'.repeat(60) + randomUUID().replace(/-/g, ''), // the longest client ids allowed
      scopes: [randomUUID()],
    }));
    const payloads = pokePayloads(TEAM, pushes);
    const named = new Set<string>();
    for (const p of payloads) {
      expect(Buffer.byteLength(p)).toBeLessThan(8000);
      const parsed = JSON.parse(p) as PokePayload;
      expect(parsed.s!.length).toBeLessThanOrEqual(MAX_POKE_SCOPES);
      for (const s of parsed.s!) named.add(s);
    }
    expect(named.size).toBe(400);
    // One push touching more than a payload names pokes the whole team.
    const wide = pokePayloads(TEAM, [
      ...pushes.slice(0, 3),
      { clientId: 'client-mia', scopes: pushes.map((p) => p.scopes[0]!) },
    ]);
    expect(wide.map((p) => JSON.parse(p) as PokePayload)).toEqual([{ t: TEAM }]);
  });
});

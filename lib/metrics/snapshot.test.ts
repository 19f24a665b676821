import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { seedEmptyBook } from '../db/seed';
import { demoBook } from '../demo/book';
import { recomputeAll } from '../value/recompute';
import { loadDashboard } from './load';
import { periodFor } from './period';
import { readSnapshot, saveSnapshot, snapshotOf, type SnapshotStore } from './snapshot';
import { currentStamp } from './snapshotStamp';

const NOW = Date.UTC(2026, 5, 15, 10);
let db: CrmDb;
afterEach(async () => {
  await db.delete();
});

/** A store like localStorage, over a map; `limit` characters at most, as a full localStorage throws. */
function memoryStore(limit = Infinity): SnapshotStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      if (value.length > limit) throw new DOMException('full', 'QuotaExceededError');
      map.set(key, value);
    },
    removeItem: (key) => void map.delete(key),
  };
}

describe('the kept first paint', () => {
  it('reads back the view it kept, exactly, lists left out: NaN, Infinity and all time included', async () => {
    db = openCrmDb('metrics-snapshot');
    const book = demoBook(NOW);
    await seedEmptyBook(db, book, book.reps[0]?.id);
    await recomputeAll(db, NOW);
    const store = memoryStore();
    for (const preset of ['30', 'all'] as const) {
      const view = await loadDashboard(db, { ...periodFor(preset, NOW), now: NOW, noReplyDays: 2 });
      expect(view.threads.length).toBeGreaterThan(0);
      const stamp = await currentStamp(db);
      saveSnapshot(preset, view, stamp, NOW, store);
      const kept = readSnapshot(preset, store)!;
      expect(kept.savedAt).toBe(NOW);
      expect(kept.stamp).toBe(stamp);
      expect(kept.view).toEqual(snapshotOf(view));
      expect(kept.view.threads).toEqual([]);
      expect(kept.view.picture.team.atRisk).toEqual([]);
    }
    // A view with figures JSON cannot spell: they come back as they were, not as null.
    const view = readSnapshot('30', store)!.view;
    const odd = { ...view, period: { from: -Infinity, to: Infinity }, now: NaN };
    saveSnapshot('odd', odd, null, NOW, store);
    const back = readSnapshot('odd', store)!.view;
    expect(back.period).toEqual({ from: -Infinity, to: Infinity });
    expect(back.now).toBeNaN();
  });

  it('keeps nothing when the store is full, and reads nothing from a damaged entry', () => {
    db = openCrmDb('metrics-snapshot-full');
    const store = memoryStore(10);
    store.map.set('dashboard-snapshot:90', 'stale');
    const view = { period: { from: 0, to: 1 }, threads: [], picture: { team: { atRisk: [] }, reps: [] } };
    saveSnapshot('90', view as never, null, NOW, store);
    expect(store.map.has('dashboard-snapshot:90')).toBe(false);
    expect(readSnapshot('90', store)).toBeUndefined();
    for (const text of ['{', 'null', '{"savedAt":1,"stamp":null,"view":{}}', '{"savedAt":"x","view":{}}']) {
      store.map.set('dashboard-snapshot:30', text);
      expect(readSnapshot('30', store)).toBeUndefined();
    }
  });
});

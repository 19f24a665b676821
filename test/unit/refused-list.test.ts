import { describe, expect, it } from 'vitest';
import { clearRejected, readTeamStatus, refusedFile } from '../../lib/sync/status';
import { settlePush } from '../../lib/sync/store';
import type { OutboxEntry } from '../../lib/sync/tables';
import { emptyBook } from '../support/handover-book';

// The list of changes the team server refused holds what the rep typed: nothing may leave it
// except by the rep clearing what they were shown.

let nextId = 1;
function refuse(count: number): {
  sent: OutboxEntry[];
  results: { id: number; status: 'rejected'; code: 'not-yours'; reason: string }[];
} {
  const sent = Array.from({ length: count }, (): OutboxEntry => {
    const id = nextId++;
    return {
      id,
      op: 'put',
      kind: 'companies',
      key: `co-${id}`,
      value: { id: `co-${id}`, notes: `typed ${id}` },
      base: { id: `co-${id}` },
      at: 1,
    };
  });
  return {
    sent,
    results: sent.map((e) => ({ id: e.id!, status: 'rejected', code: 'not-yours', reason: 'another rep' })),
  };
}

describe('refused changes', () => {
  it('keeps every refused change however many arrive, newest first, and the file holds them all', async () => {
    const db = emptyBook();
    for (let batch = 0; batch < 3; batch++) {
      const { sent, results } = refuse(100);
      await db.syncOutbox.bulkPut(sent);
      await settlePush(db, sent, results, 1000 + batch);
    }
    const { rejected } = await readTeamStatus(db);
    expect(rejected).toHaveLength(300);
    expect(rejected[0]!.value).toMatchObject({ notes: expect.stringMatching(/^typed /) });
    expect(rejected[0]!.at).toBe(1002);
    expect(rejected.at(-1)!.at).toBe(1000);
    const file = JSON.parse(refusedFile(rejected)) as { changes: unknown[] };
    expect(file.changes).toHaveLength(300);
    db.close();
  });

  it('clearing drops what the rep was shown and keeps a change refused while they read', async () => {
    const db = emptyBook();
    const first = refuse(3);
    await db.syncOutbox.bulkPut(first.sent);
    await settlePush(db, first.sent, first.results, 2000);
    const shown = (await readTeamStatus(db)).rejected;

    const later = refuse(1);
    await db.syncOutbox.bulkPut(later.sent);
    await settlePush(db, later.sent, later.results, 2001);

    await clearRejected(db, shown);
    const left = (await readTeamStatus(db)).rejected;
    expect(left.map((r) => r.key)).toEqual([later.sent[0]!.key]);
    expect(left[0]!.value).toMatchObject({ notes: `typed ${later.sent[0]!.id}` });

    await clearRejected(db, left);
    expect((await readTeamStatus(db)).rejected).toEqual([]);
    db.close();
  });
});

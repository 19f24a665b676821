import { describe, expect, it } from 'vitest';
import { PullResponseSchema } from './protocol';

// A pull's answer comes from the network: checked before anything of it is written.

const page = (value: unknown) => ({
  cookie: { v: 7, u: 'rep-b', r: 'rep' },
  lastMutationId: 0,
  reset: false,
  puts: [{ kind: 'interactions', key: 'i1', value }],
  deletes: [{ kind: 'companies', key: 'c0' }],
  members: [],
  more: false,
});

describe('a pulled page', () => {
  it('keeps every record exactly as the server sent it', () => {
    const record = {
      id: 'i1',
      companyId: 'c1',
      at: 1_796_806_800_000,
      subject: 'Inquiry',
      attachments: [{ name: 'spec.pdf' }],
      outcome: '',
    };
    const parsed = PullResponseSchema.parse(JSON.parse(JSON.stringify(page(record))));
    expect(parsed.puts).toEqual([{ kind: 'interactions', key: 'i1', value: record }]);
    expect(parsed.deletes).toEqual([{ kind: 'companies', key: 'c0' }]);
  });

  it('is refused when a record is not a JSON object', () => {
    for (const bad of [null, 'i1', 42, [{ id: 'i1' }], undefined])
      expect(PullResponseSchema.safeParse(page(bad)).success).toBe(false);
  });

  it('is refused when a record has no kind the book syncs, or no key', () => {
    const good = page({ id: 'i1' });
    expect(
      PullResponseSchema.safeParse({ ...good, puts: [{ kind: 'passwords', key: 'i1', value: { id: 'i1' } }] })
        .success,
    ).toBe(false);
    expect(
      PullResponseSchema.safeParse({
        ...good,
        puts: [{ kind: 'interactions', key: '', value: { id: 'i1' } }],
      }).success,
    ).toBe(false);
  });
});

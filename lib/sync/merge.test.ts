import { describe, expect, it } from 'vitest';
import { mergeRecord } from './merge';

describe('field-by-field merge (docs/sync.md, Conflicts)', () => {
  const base = { id: 'c1', name: 'Hansen', notes: 'old', tags: ['fob'], country: 'DE' };

  it('keeps a colleague’s edit of a field this change did not touch', () => {
    const current = { ...base, name: 'Hansen Flow Control GmbH' };
    const { merged, overwritten } = mergeRecord(current, base, { ...base, notes: 'Samples sent' });
    expect(merged).toMatchObject({ name: 'Hansen Flow Control GmbH', notes: 'Samples sent' });
    expect(overwritten).toEqual([]);
  });

  it('the later change wins a field both changed, and says so', () => {
    const current = { ...base, notes: 'theirs' };
    const { merged, overwritten } = mergeRecord(current, base, { ...base, notes: 'mine' });
    expect(merged.notes).toBe('mine');
    expect(overwritten).toEqual(['notes']);
  });

  it('lists merge additions and removals from both sides', () => {
    const current = { ...base, tags: ['fob', 'vip'] };
    const { merged } = mergeRecord(
      current,
      { ...base, tags: ['fob', 'old'] },
      { ...base, tags: ['germany'] },
    );
    expect(merged.tags).toEqual(['vip', 'germany']);
  });

  it('a field the change removed is removed; with no base every field is written', () => {
    const { country: _, ...noCountry } = base;
    expect(mergeRecord(base, base, noCountry).merged).not.toHaveProperty('country');
    expect(mergeRecord({ ...base, name: 'X' }, null, base).merged).toEqual(base);
  });
});

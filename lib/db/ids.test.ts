import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('record ids', () => {
  it('are version 7 UUIDs whose first 48 bits are the creation time', () => {
    const at = Date.UTC(2026, 11, 1, 13, 0, 0);
    const id = newId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort in creation order, so new records go to the end of a table', () => {
    const times = [
      Date.UTC(2024, 0, 1),
      Date.UTC(2024, 0, 1) + 1,
      Date.UTC(2025, 5, 1),
      Date.UTC(2026, 0, 1),
    ];
    const ids = times.map((t) => newId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differ within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});

import { describe, expect, it } from 'vitest';
import { demoBook } from '../demo/book';
import { computeBook } from './book';
import { DEFAULT_VALUE_SETTINGS } from './settings';

// The demo book is what the e2e suite and a first-time rep see: its steady
// monthly buyer must read as a stable VIP to retain, its fading account as a
// declining Key customer to win back, with the signals that say why.
describe('the demo book', () => {
  const now = Date.UTC(2026, 0, 15, 9);
  const book = demoBook(now);
  const rows = computeBook(book, DEFAULT_VALUE_SETTINGS, now).rows;
  const byName = (prefix: string) => {
    const company = book.companies.find((c) => c.name.startsWith(prefix))!;
    return rows.find((r) => r.companyId === company.id)!;
  };

  it('shows Hansen as a stable VIP with a retain action', () => {
    expect(byName('Hansen')).toMatchObject({ tier: 'vip', stage: 'stable', task: 'retain' });
    expect(byName('Hansen').nextAction.id).toBe('value.action.retain.vip');
  });

  it('shows Oakridge as a declining Key customer with a win-back action and its signals', () => {
    const oakridge = byName('Oakridge');
    expect(oakridge).toMatchObject({ tier: 'key', stage: 'decline', task: 'win-back' });
    expect(oakridge.nextAction.id).toMatch(/^value\.action\.winBack\./);
    expect(oakridge.stageSignals.map((s) => s.id)).toContain('value.signal.fallingFrequency');
  });

  it('asks to acquire the contacts who never ordered', () => {
    const prospects = rows.filter((r) => r.stage === 'exploration');
    expect(prospects.length).toBeGreaterThan(0);
    expect(prospects.every((r) => r.task === 'acquire')).toBe(true);
  });
});

import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCrmDb } from '../lib/db/db';
import { exportBookFile } from '../lib/handover/node';
import { alice, company, order } from '../test/support/handover-book';
import { enrichEml } from './enrich';

const EML = join(import.meta.dirname, '../test/fixtures/eml');
const dir = mkdtempSync(join(tmpdir(), 'enrich-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run enrich', () => {
  it('prints origin, risk, language and no match with an empty book', async () => {
    const out = await enrichEml(join(EML, 'foxmail-nigeria-claims-uk.eml'));
    expect(out.origin).toMatchObject({
      country: 'NG',
      ip: '105.112.24.5',
      confidence: 'high',
      mismatch: true,
    });
    expect(out.origin.evidence.map((e) => e.source)).toEqual(['received-ip', 'timezone', 'phone', 'claimed']);
    expect(out.risk.level).toBe('high');
    expect(out.risk.signals.map((s) => s.id)).toContain('origin-mismatch');
    expect(out.language).toBe('en');
    expect(out.matchedCompany).toBeNull();
    expect(out.book).toBeNull();
    // A sender nobody knows: no company to rank, a first contact to acquire.
    expect(out.tier).toBeNull();
    expect(out.value).toBeNull();
    expect(out.stage).toEqual({ id: 'exploration', signals: [], quadrant: null });
    expect(out.task).toEqual({ id: 'acquire', nextAction: { id: 'value.action.acquire', params: {} } });
    expect(out.ipDatabase.source).toMatch(/^geo-whois-asn-country/);
  });

  it('matches the sender against a book bundle and stops calling a known customer a first contact', async () => {
    const db = openCrmDb(`enrich-book-${Math.random()}`);
    await db.reps.add(alice);
    await db.companies.add(
      company('kraus', { name: 'Kraus Maschinenbau GmbH', domains: ['kraus-maschinen.de'] }),
    );
    const bookPath = join(dir, 'book.jsonl');
    await exportBookFile(db, bookPath);
    db.close();

    const file = join(EML, 'postfix-corporate-germany.eml');
    const without = await enrichEml(file);
    expect(without.risk.signals.map((s) => s.id)).toEqual(['first-contact', 'new-domain']);

    const out = await enrichEml(file, { bookPath });
    expect(out.book).toEqual({ records: 2 });
    expect(out.match).toBe('domain');
    expect(out.matchedCompany).toMatchObject({ id: 'kraus', name: 'Kraus Maschinenbau GmbH' });
    expect(out.risk.signals).toEqual([]);
    expect(out.origin.country).toBe('DE');
  });

  it("prints a book customer's tier, stage, task and value, computed over the whole book", async () => {
    const DAY = 86_400_000;
    const now = Date.UTC(2025, 2, 18, 12); // the day after the email
    const db = openCrmDb(`enrich-value-${Math.random()}`);
    await db.reps.add(alice);
    // Kraus buys every month for two years; nine smaller customers bought once, half a year ago.
    await db.companies.bulkAdd([
      company('kraus', { name: 'Kraus Maschinenbau GmbH', domains: ['kraus-maschinen.de'] }),
      ...Array.from({ length: 9 }, (_, i) => company(`small${i}`)),
    ]);
    await db.orders.bulkAdd([
      ...Array.from({ length: 24 }, (_, k) =>
        order(`kraus-${k}`, 'kraus', { date: now - (5 + 30 * k) * DAY, amount: 20_000, cost: 15_000 }),
      ),
      ...Array.from({ length: 9 }, (_, i) =>
        order(`small-${i}`, `small${i}`, { date: now - 180 * DAY, amount: 1_000, cost: 800 }),
      ),
    ]);
    const bookPath = join(dir, 'value-book.jsonl');
    await exportBookFile(db, bookPath);
    db.close();

    const out = await enrichEml(join(EML, 'postfix-corporate-germany.eml'), { bookPath, now });
    expect(out.matchedCompany).toMatchObject({ id: 'kraus' });
    expect(out.tier).toBe('vip');
    expect(out.stage.id).toBe('stable');
    expect(out.stage.signals.map((s) => s.id)).toContain('value.signal.steadyCadence');
    expect(out.task).toMatchObject({ id: 'retain', nextAction: { id: 'value.action.retain.vip' } });
    // Ranked against the other nine: a full compute over the book, not this company alone.
    expect(out.value).toMatchObject({ currency: 'USD', rank: 1, rankOf: 10, negative: false });
    // Margin 5,000 × the 13 orders of the last 365.25 days, less no cost to serve (no contact logged).
    expect(out.value!.currentValue).toBe(65_000);
    expect(out.value!.clv).toBeGreaterThan(out.value!.currentValue);
    expect(out.value!.potentialValue).toBeGreaterThanOrEqual(0);
    expect(out.value!.drivers[0]).toMatchObject({ id: 'value.driver.windowMargin' });

    // Another sender of the same book, unknown to it: null value and tier, exploration, acquire.
    const stranger = await enrichEml(join(EML, 'foxmail-nigeria-claims-uk.eml'), { bookPath, now });
    expect(stranger.match).toBe('none');
    expect(stranger).toMatchObject({
      tier: null,
      value: null,
      stage: { id: 'exploration' },
      task: { id: 'acquire' },
    });
  });
});

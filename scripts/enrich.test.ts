import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCrmDb } from '../lib/db/db';
import { exportBookFile } from '../lib/handover/node';
import { alice, company } from '../lib/handover/test-book';
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
});

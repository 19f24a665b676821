import { afterEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { readFeed } from '../db/feed';
import { valueChangeOf } from '../value/changes';
import { forgetValueCache } from '../value/recompute';
import { company } from '../../test/support/value-book';
import { guessMapping } from './fields';
import { importCsv, parseCsv, parseDay, parseNumber, planImport, importContext } from './import';

let db: CrmDb | undefined;
let n = 0;
async function fresh(): Promise<CrmDb> {
  const opened = openCrmDb(`csv-test-${++n}`);
  db = opened;
  await opened.companies.bulkAdd([
    company('acme', { name: 'Acme GmbH', domains: ['acme.de'] }),
    company('bolt', { name: 'Bolt Ltd', domains: ['bolt.co.uk'] }),
  ]);
  return opened;
}
afterEach(async () => {
  if (!db) return;
  forgetValueCache(db);
  await db.delete();
  db = undefined;
});
const NOW = Date.UTC(2025, 5, 1);

describe('column mapping', () => {
  it('guesses English and Chinese headers', () => {
    expect(guessMapping('orders', ['客户', '下单日期', '金额', '币种', '毛利率', '状态'])).toEqual({
      company: 0,
      date: 1,
      amount: 2,
      currency: 3,
      cost: null,
      margin: 4,
      status: 5,
      reference: null,
    });
    expect(guessMapping('companies', ['Company Name', 'Website', 'Country', 'Lead Source'])).toMatchObject({
      name: 0,
      domains: 1,
      country: 2,
      source: 3,
    });
    expect(guessMapping('contacts', ['\uFEFFE-mail', 'Full Name', '公司'])).toMatchObject({
      emails: 0,
      name: 1,
      company: 2,
    });
  });

  it('reads numbers and dates the way spreadsheets write them', () => {
    expect(parseNumber('1,234.50')).toBe(1234.5);
    expect(parseNumber('1.234,50')).toBe(1234.5);
    expect(parseNumber('99,5')).toBe(99.5);
    expect(parseNumber('$1,200')).toBe(1200);
    expect(parseNumber('abc')).toBeNaN();
    expect(parseDay('2025/5/20')).toBe(Date.UTC(2025, 4, 20, 12));
    expect(parseDay('2025年5月20日')).toBe(Date.UTC(2025, 4, 20, 12));
    expect(parseDay('2025-02-30')).toBeNaN();
  });
});

describe('CSV import', () => {
  it('imports orders referencing companies by name or domain, and has the book revalued', async () => {
    const db = await fresh();
    const csv = [
      'Customer,Date,Amount,Currency,Cost,Status',
      'Acme GmbH,2025-05-01,"10,000.00",EUR,7000,paid',
      'https://www.bolt.co.uk,2025/05/10,2500,usd,,已发货',
    ].join('\n');
    const result = await importCsv(db, 'orders', csv, undefined, NOW);
    expect(result.errors).toEqual([]);
    expect(result.written).toBe(2);
    const orders = await db.orders.orderBy('date').toArray();
    expect(orders.map((o) => [o.companyId, o.amount, o.currency, o.cost, o.status])).toEqual([
      ['acme', 10_000, 'EUR', 7000, 'paid'],
      ['bolt', 2500, 'USD', undefined, 'shipped'],
    ]);
    // Revalued in the background, from the change feed, not in the options page that imported.
    const change = valueChangeOf(await readFeed(db));
    expect(change?.companyIds.sort()).toEqual(['acme', 'bolt']);
    expect(await db.companyValues.count()).toBe(0);
  });

  it('rejects a file with bad rows row by row and leaves the book unchanged', async () => {
    const db = await fresh();
    const before = await db.orders.count();
    const csv = [
      '客户,日期,金额,币种,毛利率,状态',
      'Acme GmbH,2025-05-01,1000,USD,25%,paid', // row 2: fine
      'Nobody Inc,2025-05-02,1000,USD,,paid', // row 3: unknown company
      'acme.de,2025-13-01,-5,US,,shipped', // row 4: bad date, amount, currency
      'Bolt Ltd,2025-05-03,800,GBP,,lost', // row 5: unknown status
    ].join('\n');
    const result = await importCsv(db, 'orders', csv, undefined, NOW);
    expect(result.written).toBe(0);
    expect(result.errors.map((e) => [e.row, e.field, e.reason])).toEqual([
      [3, 'company', 'csv.error.unknownCompany'],
      [4, 'date', 'csv.error.date'],
      [4, 'amount', 'csv.error.amount'],
      [4, 'currency', 'csv.error.currency'],
      [5, 'status', 'csv.error.status'],
    ]);
    expect(await db.orders.count()).toBe(before);
    expect(await db.companyValues.count()).toBe(0);
  });

  it('imports companies, refusing duplicates and free-mail domains', async () => {
    const db = await fresh();
    const bad = await importCsv(
      db,
      'companies',
      [
        '公司名称,网站,国家,来源',
        'Nova SA,nova.es,Spain,展会',
        'Acme GmbH,acme2.de,DE,',
        'Mailer,gmail.com,US,',
      ].join('\n'),
      undefined,
      NOW,
    );
    expect(bad.errors.map((e) => [e.row, e.reason])).toEqual([
      [3, 'csv.error.duplicateCompany'],
      [4, 'csv.error.freeMail'],
    ]);
    expect(await db.companies.count()).toBe(2);
    const good = await importCsv(
      db,
      'companies',
      ['Company,Website,Country,Source', 'Nova SA,nova.es,Spain,展会'].join('\n'),
      undefined,
      NOW,
    );
    expect(good.written).toBe(1);
    expect(await db.companies.where('domains').equals('nova.es').first()).toMatchObject({
      name: 'Nova SA',
      country: 'ES',
      source: 'trade-show',
    });
  });

  it('imports contacts and attaches them to their company by the address’s domain', async () => {
    const db = await fresh();
    const result = await importCsv(
      db,
      'contacts',
      [
        '联系人,邮箱,电话',
        'Jana Weber,Jana@Acme.de,+49 30 1234; +49 171 555',
        'No Mail,not-an-address,',
      ].join('\n'),
      undefined,
      NOW,
    );
    expect(result.errors).toEqual([
      { row: 3, field: 'emails', reason: 'csv.error.email', params: { value: 'not-an-address' } },
    ]);
    expect(await db.contacts.count()).toBe(0);
    const ok = await importCsv(
      db,
      'contacts',
      ['联系人,邮箱,电话', 'Jana Weber,Jana@Acme.de,+49 30 1234; +49 171 555'].join('\n'),
      undefined,
      NOW,
    );
    expect(ok.written).toBe(1);
    expect(await db.contacts.toArray()).toMatchObject([
      {
        name: 'Jana Weber',
        emails: ['jana@acme.de'],
        phones: ['+49 30 1234', '+49 171 555'],
        companyId: 'acme',
      },
    ]);
  });

  it('lists required fields the mapping leaves out, and writes nothing', async () => {
    const db = await fresh();
    const csv = parseCsv('Foo,Bar\n1,2');
    const plan = planImport('orders', csv, guessMapping('orders', csv.headers), await importContext(db, NOW));
    expect(plan.unmapped).toEqual(['company', 'date', 'amount', 'currency']);
  });
});

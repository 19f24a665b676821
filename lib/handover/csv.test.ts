import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvText, safeCell } from './csv';
import { company, contact, emptyBook, interaction, order } from '../../test/support/handover-book';

describe('CSV export', () => {
  it('never lets a spreadsheet run a cell as a formula', () => {
    expect(safeCell('=HYPERLINK("http://evil","click")')).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(safeCell('+1 555 0100')).toBe("'+1 555 0100");
    expect(safeCell('-2+3')).toBe("'-2+3");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('\t=1')).toBe("'\t=1");
    expect(safeCell('Acme GmbH')).toBe('Acme GmbH');
    expect(safeCell(-120)).toBe(-120); // a real negative amount stays a number
    expect(safeCell(['a.example', 'b.example'])).toBe('a.example; b.example');
  });

  it('exports companies and orders that read back in a spreadsheet, Chinese included', async () => {
    const db = emptyBook();
    await db.companies.bulkPut([
      company('a', { name: '=cmd|"/c calc"!A1', notes: 'line one\nline "two", with comma' }),
      company('b', { name: '宁波灯具有限公司', domains: ['b.example', 'b.cn'] }),
    ]);
    await db.orders.put(order('o1', 'a', { amount: -50 }));
    const companies = await csvText(db, 'companies');
    expect(companies.startsWith('\uFEFF')).toBe(true);
    const rows = Papa.parse<Record<string, string>>(companies.slice(1), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => r.name)).toEqual([`'=cmd|"/c calc"!A1`, '宁波灯具有限公司']);
    expect(rows[0]?.notes).toBe('line one\nline "two", with comma');
    expect(rows[1]?.domains).toBe('b.example; b.cn');
    const orders = Papa.parse<Record<string, string>>((await csvText(db, 'orders')).slice(1), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(orders[0]).toMatchObject({
      id: 'o1',
      amount: '-50',
      currency: 'USD',
      date: '2025-01-16T09:00:00.000Z',
    });
    await db.delete();
  });

  it('exports contacts and interactions, free-mail contacts and formula-like text included', async () => {
    const db = emptyBook();
    await db.contacts.bulkPut([
      contact('hans', 'acme', { phones: ['+49 30 1234567'], title: '@buyer' }),
      contact('li', undefined, { name: '李伟', emails: ['li.wei@gmail.com', 'wei@qq.com'] }),
    ]);
    await db.interactions.bulkPut([
      interaction('i1', 'acme', 'hans', {
        summary: 'Asked for "FOB", 500 pcs\nby May',
        responseTimeMs: 3_600_000,
      }),
      interaction('i2', 'acme', 'hans', { direction: 'out', subject: '-10% offer', lostReason: 'price' }),
    ]);
    const parse = async (table: 'contacts' | 'interactions') =>
      Papa.parse<Record<string, string>>((await csvText(db, table)).slice(1), {
        header: true,
        skipEmptyLines: true,
      });
    const contacts = await parse('contacts');
    expect(contacts.meta.fields).toEqual([
      'id',
      'companyId',
      'name',
      'emails',
      'phones',
      'title',
      'authorRepId',
      'createdAt',
      'updatedAt',
    ]);
    expect(contacts.data.map((r) => [r.id, r.companyId, r.name, r.emails, r.phones, r.title])).toEqual([
      ['hans', 'acme', 'Contact hans', 'hans@acme.example', "'+49 30 1234567", "'@buyer"],
      ['li', '', '李伟', 'li.wei@gmail.com; wei@qq.com', '', ''],
    ]);
    const interactions = await parse('interactions');
    expect(interactions.data).toHaveLength(2);
    expect(interactions.data[0]).toMatchObject({
      id: 'i1',
      companyId: 'acme',
      contactId: 'hans',
      at: '2025-01-07T09:00:00.000Z',
      direction: 'in',
      channel: 'email',
      summary: 'Asked for "FOB", 500 pcs\nby May',
      responseTimeMs: '3600000',
      threadId: 'thread-i1',
    });
    expect(interactions.data[1]).toMatchObject({
      subject: "'-10% offer",
      lostReason: 'price',
      direction: 'out',
    });
    await db.delete();
  });
});

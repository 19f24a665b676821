import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvText, safeCell } from './csv';
import { company, emptyBook, order } from './test-book';

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
});

// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/db';
import { forgetValueCache } from '@/lib/value/recompute';
import { company } from '@/test/support/value-book';
import { cleanup, render, waitFor, type Rendered } from '@/test/support/render';
import { CsvImport } from './CsvImport';

let view: Rendered;
beforeEach(async () => {
  await db.companies.add(company('acme', { name: 'Acme GmbH', domains: ['acme.de'] }));
  view = render(<CsvImport />);
});
afterEach(async () => {
  cleanup();
  forgetValueCache(db);
  await Promise.all(db.tables.map((table) => table.clear()));
});

const q = <T extends Element = HTMLElement>(id: string) => view.q<T>(id);
const choose = (id: string, value: string) => view.type(id, value);
function pick(text: string) {
  const input = q<HTMLInputElement>('csv-file')!;
  const file = new File([text], 'orders.csv', { type: 'text/csv' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('CsvImport', () => {
  it('shows each bad row’s problem, keeps the import button off, and writes nothing', async () => {
    choose('csv-kind', 'orders');
    pick(['客户,日期,金额,币种', 'Acme GmbH,2025-05-01,1000,USD', 'Ghost Ltd,2025-05-02,abc,USD'].join('\n'));
    await waitFor(() => q('csv-errors') !== null);
    const problems = [...q('csv-errors')!.querySelectorAll('li')].map((li) => li.textContent);
    expect(problems).toEqual([
      'Row 3: no company "Ghost Ltd" (by name or domain)',
      'Row 3: "abc" is not an amount above zero',
    ]);
    expect(q<HTMLButtonElement>('csv-import-button')!.disabled).toBe(true);
    expect(q('csv-preview')!.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(await db.orders.count()).toBe(0);
  });

  it('lets the rep fix a wrong guess and imports the whole file', async () => {
    choose('csv-kind', 'orders');
    pick(['Buyer,When,Total,Money', 'acme.de,2025-05-01,1000,EUR'].join('\n'));
    await waitFor(() => q('csv-unmapped') !== null); // "When" and "Money" are not recognised
    choose('csv-map-date', '1');
    choose('csv-map-currency', '3');
    await waitFor(() => q('csv-unmapped') === null && !q<HTMLButtonElement>('csv-import-button')!.disabled);
    act(() => q('csv-import-button')!.click());
    await waitFor(() => q('csv-imported') !== null);
    expect(q('csv-imported')!.textContent).toBe('Imported 1 row.');
    expect(await db.orders.toArray()).toMatchObject([{ companyId: 'acme', amount: 1000, currency: 'EUR' }]);
  });

  it('names the row of an unbalanced quote instead of importing the rest of the file as one company', async () => {
    pick(['name,domains,notes', 'Bolt,bolt.example,"never closed', 'Crane,crane.example,fine'].join('\n'));
    await waitFor(() => q('csv-errors') !== null);
    const problems = [...q('csv-errors')!.querySelectorAll('li')].map((li) => li.textContent);
    expect(problems[0]).toMatch(/^Row 2: a quote opened in this row is never closed/);
    expect(q<HTMLButtonElement>('csv-import-button')!.disabled).toBe(true);
  });

  it('refuses a file of more rows than an import takes, with the reason', async () => {
    pick(`name,domains\n${'Acme,acme.example\n'.repeat(100_001)}`);
    await waitFor(() => q('csv-refused') !== null);
    expect(q('csv-refused')!.textContent).toBe(
      'The file has more than 100000 rows: split it into smaller files.',
    );
    expect(q('csv-preview')).toBeNull();
  });
});

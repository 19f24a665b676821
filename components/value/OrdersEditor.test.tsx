// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/db';
import { forgetValueCache } from '@/lib/value/recompute';
import { company } from '@/test/support/value-book';
import { cleanup, render, waitFor, type Rendered } from '@/test/support/render';
import { OrdersEditor } from './OrdersEditor';

let view: Rendered;
let host: HTMLElement;
beforeEach(async () => {
  await db.companies.add(company('A'));
  view = render(<OrdersEditor companyId="A" />);
  host = view.host;
});
afterEach(async () => {
  cleanup();
  forgetValueCache(db);
  await Promise.all(db.tables.map((table) => table.clear()));
});

const q = <T extends Element = HTMLElement>(id: string) => view.q<T>(id);
const type = (id: string, value: string) => view.type(id, value);
const click = (id: string) => view.click(id);

describe('OrdersEditor', () => {
  it('adds an order with a margin and shows it in the list', async () => {
    await waitFor(() => q('orders-empty') !== null);
    click('order-add');
    type('order-date', '2025-05-20');
    type('order-amount', '1200');
    type('order-currency', 'eur');
    type('order-cost-mode', 'margin');
    type('order-cost', '30');
    type('order-status', 'shipped');
    click('order-save');
    await waitFor(
      () => host.querySelectorAll('[data-testid="order-row"]').length === 1 && q('order-form') === null,
    );
    const row = q('order-row')!.textContent!;
    expect(row).toContain('2025-05-20');
    expect(row).toContain('1,200 EUR');
    expect(row).toContain('30% margin'); // stored as cost 840
    expect(row).toContain('Shipped');
    expect((await db.orders.toArray())[0]).toMatchObject({ cost: 840, currency: 'EUR', status: 'shipped' });
  });

  it('says what is wrong with each field and saves nothing', async () => {
    await waitFor(() => q('order-add') !== null);
    click('order-add');
    type('order-amount', 'abc');
    type('order-currency', 'E1');
    click('order-save');
    await waitFor(() => q('order-error-amount') !== null);
    expect(q('order-error-amount')!.textContent).toBe('Enter an amount above zero.');
    expect(q('order-error-currency')!.textContent).toBe('Enter a three-letter currency code, e.g. USD.');
    expect(await db.orders.count()).toBe(0);
  });

  it('edits a quote into a confirmed order, then deletes it after confirmation', async () => {
    await waitFor(() => q('order-add') !== null);
    click('order-add');
    type('order-amount', '500');
    type('order-status', 'quote');
    click('order-save');
    await waitFor(() => q('order-row')?.getAttribute('data-status') === 'quote' && q('order-form') === null);
    act(() => q('order-row')!.querySelector<HTMLButtonElement>('button')!.click()); // Edit
    type('order-status', 'confirmed');
    click('order-save');
    await waitFor(
      () => q('order-row')?.getAttribute('data-status') === 'confirmed' && q('order-form') === null,
    );
    expect(await db.orders.count()).toBe(1);
    act(() => q('order-row')!.querySelectorAll<HTMLButtonElement>('button')[1]!.click()); // Delete
    click('order-confirm-delete');
    await waitFor(() => q('orders-empty') !== null);
    expect(await db.orders.count()).toBe(0);
  });

  it("sets the company's acquisition cost from the card, and says what it saved", async () => {
    await waitFor(() => q('acquisition-cost') !== null);
    type('acquisition-cost', '-20');
    click('acquisition-cost-save');
    await waitFor(() => q('acquisition-cost-error') !== null);
    expect(q('acquisition-cost-error')!.textContent).toBe('Enter an amount of zero or more, e.g. 6500.');
    expect((await db.companies.get('A'))!.acquisitionCost).toBeUndefined();
    type('acquisition-cost', '6,500');
    click('acquisition-cost-save');
    await waitFor(() => q('acquisition-cost-saved') !== null);
    expect(q('acquisition-cost-saved')!.textContent).toBe('Saved: 6,500 USD');
    expect((await db.companies.get('A'))!.acquisitionCost).toBe(6500);
    expect(q<HTMLInputElement>('acquisition-cost')!.value).toBe('6500');
  });
});

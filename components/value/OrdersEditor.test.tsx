// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/db';
import { createI18n } from '@/lib/i18n';
import { forgetValueCache } from '@/lib/value/recompute';
import { company } from '@/lib/value/testing/book';
import { OrdersEditor } from './OrdersEditor';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;
beforeEach(async () => {
  await db.companies.add(company('A'));
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() =>
    root.render(
      <I18nextProvider i18n={createI18n('en')}>
        <OrdersEditor companyId="A" />
      </I18nextProvider>,
    ),
  );
});
afterEach(async () => {
  act(() => root.unmount());
  document.body.innerHTML = '';
  forgetValueCache(db);
  await Promise.all(db.tables.map((table) => table.clear()));
});

const q = <T extends Element = HTMLElement>(id: string) => host.querySelector<T>(`[data-testid="${id}"]`);
async function waitFor(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(check()).toBe(true);
}
function type(id: string, value: string) {
  const el = q<HTMLInputElement | HTMLSelectElement>(id)!;
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  act(() => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}
const click = (id: string) => act(() => q(id)!.click());

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

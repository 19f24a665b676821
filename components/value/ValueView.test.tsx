// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { UiLanguage } from '@/lib/i18n';
import { computeBook } from '@/lib/value/book';
import { CustomerValueSchema, type CustomerValue } from '@/lib/value/schema';
import { DEFAULT_VALUE_SETTINGS } from '@/lib/value/settings';
import { NOW, cadence, company, interaction, order, daysAgo } from '@/test/support/value-book';
import { cleanup, render as mount } from '@/test/support/render';
import { ValueView } from './ValueView';
import { LostReasonPicker } from './LostReasonPicker';

const render = (node: React.ReactNode, language: UiLanguage = 'en'): HTMLElement =>
  mount(node, { lang: language }).host;
const text = (host: HTMLElement, id: string) =>
  host.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';

// A book of 40: a monthly VIP, a Key customer gone quiet after complaints, 38 small ones.
const rows = computeBook(
  {
    companies: [company('vip'), company('fading'), ...Array.from({ length: 38 }, (_, i) => company(`s${i}`))],
    orders: [
      ...cadence('vip', 1080, 5, 30, 10_000, { cost: 7000 }),
      ...cadence('fading', 870, 150, 30, 8000, { cost: 5600 }),
      ...Array.from({ length: 38 }, (_, i) => order(`s${i}`, daysAgo(20 + i * 5), 300 + i * 10)),
    ],
    interactions: [20, 40, 60].map((d) => interaction('fading', daysAgo(d), { intent: 'complaint' })),
  },
  DEFAULT_VALUE_SETTINGS,
  NOW,
).rows;
const valueOf = (id: string): CustomerValue =>
  CustomerValueSchema.parse(rows.find((r) => r.companyId === id));

describe('ValueView', () => {
  it('shows a stable VIP with why, and a retain action', () => {
    const host = render(<ValueView value={valueOf('vip')} />);
    expect(text(host, 'tier-badge')).toBe('VIP');
    expect(text(host, 'rank')).toBe('Rank 1 of 40');
    expect(text(host, 'percentile')).toBe('Top 2.5%');
    // 12 monthly orders of 10 000 at cost 7000 in the last year: 36 000 margin.
    expect(text(host, 'drivers')).toContain('Margin 36,000 USD in the last 12 months');
    expect(text(host, 'stage')).toBe('Stable');
    expect(text(host, 'stage-signals')).toContain('Steady cadence: an order about every');
    expect(text(host, 'task')).toBe('Retain');
    expect(text(host, 'next-action')).toContain('special handling');
    expect(host.querySelector('[data-testid="negative-flag"]')).toBeNull();
  });

  it('shows a declining Key customer’s signals and the win-back step, in Chinese too', () => {
    const en = render(<ValueView value={valueOf('fading')} />);
    expect(text(en, 'tier-badge')).toBe('Key');
    expect(text(en, 'stage')).toBe('Decline');
    expect(text(en, 'stage-signals')).toMatch(/No order for 150 days; usually every \d+ days/);
    expect(text(en, 'stage-signals')).toContain('Complaints rising: 3 in the last 90 days');
    expect(text(en, 'task')).toBe('Win back');
    expect(text(en, 'next-action')).toContain('call them this week');
    cleanup();
    const zh = render(<ValueView value={valueOf('fading')} />, 'zh-CN');
    expect(text(zh, 'tier-badge')).toBe('重要客户');
    expect(text(zh, 'task')).toBe('赢回');
    expect(text(zh, 'stage-signals')).toContain('已150天没有订单');
  });

  it('flags a customer who loses money', () => {
    const host = render(<ValueView value={{ ...valueOf('s0'), negative: true, clv: -120 }} />);
    expect(text(host, 'negative-flag')).toBe('Loses money');
    expect(text(host, 'clv')).toContain('-');
  });

  it('renders reason parameters as plain text, never as markup', () => {
    const value = valueOf('vip');
    const host = render(
      <ValueView
        value={{
          ...value,
          drivers: [{ id: 'value.driver.missingRate', params: { currencies: '<b>X</b>' } }],
        }}
      />,
    );
    expect(host.querySelector('[data-testid="drivers"] b')).toBeNull();
    expect(text(host, 'drivers')).toContain('<b>X</b>');
  });
});

describe('LostReasonPicker', () => {
  it('offers the six reasons and reports the choice', () => {
    let chosen = '';
    const host = render(<LostReasonPicker value="" onChange={(r) => (chosen = r)} />);
    const select = host.querySelector<HTMLSelectElement>('[data-testid="lost-reason"]')!;
    expect([...select.options].map((o) => o.value)).toEqual([
      '',
      'price',
      'product',
      'service',
      'competitor',
      'dropped',
      'involuntary',
    ]);
    act(() => {
      select.value = 'competitor';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(chosen).toBe('competitor');
  });
});

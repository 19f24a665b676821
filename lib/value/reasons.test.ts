import { describe, expect, it } from 'vitest';
import { LOST_REASONS } from '../db/types';
import { createI18n } from '../i18n';
import { computeBook } from './book';
import { declineSignals, lifecycleStage, nextAction, type Behaviour } from './lifecycle';
import { QUADRANTS, STAGES, TASKS, TIERS } from './schema';
import { ValueSettingsSchema } from './settings';
import { NOW, cadence, company, daysAgo, interaction, order } from '../../test/support/value-book';

// Every reason lib/value can produce has words in both languages: a missing key
// would show the rep a raw id.
function allReasonIds(): Set<string> {
  const ids = new Set<string>();
  const worst: Behaviour = {
    orderCount: 10,
    interactionCount: 5,
    daysKnown: 900,
    relationshipDays: 800,
    daysSinceLastOrder: 400,
    gapDays: 30,
    recentHalfOrders: 0,
    olderHalfOrders: 4,
    lastOrdersAvg: 10,
    earlierOrdersAvg: 100,
    gapVariation: 2,
    gapsMeasured: 8,
    recentComplaints: 3,
    olderComplaints: 0,
    recentReplyHours: 50,
    olderReplyHours: 5,
    recentCustomerReplyHours: 96,
    olderCustomerReplyHours: 12,
    lostReason: 'price',
  };
  declineSignals(worst).forEach((s) => ids.add(s.reason.id));
  for (const b of [
    { ...worst, orderCount: 0 },
    {
      ...worst,
      orderCount: 2,
      relationshipDays: 10,
      daysSinceLastOrder: 1,
      recentHalfOrders: 3,
      olderHalfOrders: 0,
      lostReason: undefined,
      recentComplaints: 0,
      olderReplyHours: 0,
      olderCustomerReplyHours: 0,
      gapVariation: 0,
      lastOrdersAvg: 0,
    },
    {
      ...worst,
      daysSinceLastOrder: 1,
      recentHalfOrders: 4,
      lostReason: undefined,
      recentComplaints: 0,
      olderReplyHours: 0,
      olderCustomerReplyHours: 0,
      gapVariation: 0,
      lastOrdersAvg: 0,
    },
  ])
    lifecycleStage(b).signals.forEach((s) => ids.add(s.id));
  for (const task of TASKS)
    for (const tier of TIERS)
      for (const stage of STAGES)
        for (const lostReason of [undefined, ...LOST_REASONS])
          for (const value of [-1, 1])
            ids.add(
              nextAction({
                task,
                stage,
                tier,
                negative: value < 0,
                value,
                lostReason,
                daysSinceLastOrder: 1,
                gapDays: 2,
              }).id,
            );
  QUADRANTS.forEach((q) => ids.add(`value.quadrant.${q}`));
  const settings = ValueSettingsSchema.parse({
    rates: {},
    broad: { informationValue: true, referral: true, expectedLoss: true },
  });
  const rows = computeBook(
    {
      companies: [company('A', { acquisitionCost: 10 }), company('B', { tags: ['referred-by:a.example'] })],
      orders: [
        ...cadence('A', 100, 10, 30, 1000, { status: 'shipped' }),
        order('A', daysAgo(3), 5, { currency: 'XYZ' }),
      ],
      interactions: Array.from({ length: 400 }, (_, i) =>
        interaction('A', daysAgo(1 + (i % 200)), { intent: 'complaint' }),
      ),
    },
    settings,
    NOW,
  ).rows;
  for (const r of rows) [...r.drivers, ...r.stageSignals].forEach((d) => ids.add(d.id));
  ids.add('value.driver.noOrders');
  return ids;
}

describe('reason texts', () => {
  const ids = allReasonIds();
  it.each(['en', 'zh-CN'] as const)('exist for every reason in %s', (language) => {
    const i18n = createI18n(language);
    // A counted reason ("2 orders in the last year") has its words under its plural keys.
    const missing = [...ids].filter(
      (id) =>
        !i18n.exists(id, { lng: language, fallbackLng: [] }) &&
        !i18n.exists(`${id}_other`, { lng: language, fallbackLng: [] }),
    );
    expect(missing).toEqual([]);
    expect(ids.size).toBeGreaterThan(40);
  });

  it.each(['en', 'zh-CN'] as const)(
    'tell a customer lost on product (a complainant) to fix the problem, never to offer a sample in %s',
    (language) => {
      const i18n = createI18n(language);
      const text = i18n.t('value.action.winBack.product', { lng: language, days: 128 });
      expect(text).not.toMatch(/sample|样品/i);
      expect(text).toMatch(language === 'en' ? /replace|credit/i : /补发|赔付/);
    },
  );
});

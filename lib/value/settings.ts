import { z } from 'zod';
import type { CrmDb } from '../db/db';

// The value model's parameters (domain.md, customer value). One record in the
// book's `settings` table under VALUE_SETTINGS_KEY, so they travel with backups.
// Every field has a default: a book that never opened the settings still computes.

/** Changing this loses the rep's saved value settings. */
export const VALUE_SETTINGS_KEY = 'value';

const currencyCode = z.string().regex(/^[A-Z]{3}$/);
const share = z.number().min(0).max(1);

export const TierCutoffsSchema = z
  .object({
    /** Top share of customers (percent) that are VIP, Key (cumulative) and Ordinary (cumulative). */
    vip: z.number().min(0).max(100).default(1),
    key: z.number().min(0).max(100).default(5),
    ordinary: z.number().min(0).max(100).default(20),
  })
  .refine((c) => c.vip <= c.key && c.key <= c.ordinary, {
    message: 'cut-offs must grow: VIP ≤ Key ≤ Ordinary',
  });

export const BroadValueSchema = z.object({
  /** Add information value: valuePerFeedback for each inbound complaint in the window (feedback improves products). */
  informationValue: z.boolean().default(false),
  valuePerFeedback: z.number().finite().nonnegative().default(50),
  /** Add referral influence: valuePerReferral × referred companies × satisfaction. */
  referral: z.boolean().default(false),
  valuePerReferral: z.number().finite().nonnegative().default(500),
  /** Subtract expected loss from default: unpaid shipped orders × defaultProbability. */
  expectedLoss: z.boolean().default(false),
  defaultProbability: share.default(0.02),
});

/**
 * Example rates (units of USD per unit of the currency), to be replaced by the
 * rep's own: they are approximate and dated, so the settings screen shows them.
 */
export const EXAMPLE_RATES_TO_USD: Record<string, number> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  CNY: 0.14,
  JPY: 0.0067,
  HKD: 0.128,
  AUD: 0.66,
  CAD: 0.73,
};

export const ValueSettingsSchema = z.object({
  baseCurrency: currencyCode.default('USD'),
  /**
   * How many units of the base currency one unit of each currency is worth. The
   * base currency itself is always 1. Orders in a currency without a rate are
   * left out of the figures and the card says so.
   */
  rates: z.record(currencyCode, z.number().finite().positive()).default(() => ({ ...EXAMPLE_RATES_TO_USD })),
  /** Trailing window for current value and cost to serve, in months. */
  windowMonths: z.number().int().min(1).max(60).default(12),
  /** Length of one CLV period in months; the discount rate applies per period. */
  periodMonths: z.number().int().min(1).max(12).default(3),
  /** Discount rate r per period (0.025 a quarter ≈ 10% a year). */
  discountRate: z.number().min(0).max(1).default(0.025),
  /** Margin assumed when an order has no cost: direct cost = amount × (1 − defaultMargin). */
  defaultMargin: share.default(0.2),
  /** Cost to serve one logged interaction, in the base currency. */
  costPerInteraction: z.number().finite().nonnegative().default(5),
  /** Annual churn used until the book has enough history to measure its own. */
  defaultAnnualChurn: z.number().min(0.01).max(1).default(0.2),
  /** Order gap assumed until the book has enough repeat buyers to measure its own, in days. */
  defaultGapDays: z.number().min(1).max(3650).default(90),
  /** Longest lifetime CLV counts, in years. */
  maxLifetimeYears: z.number().min(1).max(50).default(10),
  /** Share of the gap to a big buyer's margin we expect to win as extra and cross purchases. */
  potentialCaptureShare: share.default(0.25),
  cutoffs: TierCutoffsSchema.default({ vip: 1, key: 5, ordinary: 20 }),
  broad: BroadValueSchema.default(() => BroadValueSchema.parse({})),
});
export type ValueSettings = z.infer<typeof ValueSettingsSchema>;
export type ValueSettingsInput = z.input<typeof ValueSettingsSchema>;

export const DEFAULT_VALUE_SETTINGS: ValueSettings = ValueSettingsSchema.parse({});

/** The saved settings, with defaults for anything missing; a damaged record falls back to the defaults. */
export async function getValueSettings(db: CrmDb): Promise<ValueSettings> {
  const row = await db.settings.get(VALUE_SETTINGS_KEY);
  const parsed = ValueSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : DEFAULT_VALUE_SETTINGS;
}

/** Validates and saves; throws the zod error (with the field paths) when a value is out of range. */
export async function saveValueSettings(db: CrmDb, settings: ValueSettingsInput): Promise<ValueSettings> {
  const value = ValueSettingsSchema.parse(settings);
  await db.settings.put({ key: VALUE_SETTINGS_KEY, value });
  return value;
}

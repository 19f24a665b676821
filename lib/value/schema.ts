import { z } from 'zod';

// A customer's value, tier, lifecycle stage and next task (domain.md). Filled by lib/value.

export const TIERS = ['vip', 'key', 'ordinary', 'small'] as const;
export type Tier = (typeof TIERS)[number];
export const STAGES = ['exploration', 'development', 'stable', 'decline'] as const;
export type Stage = (typeof STAGES)[number];
export const TASKS = ['acquire', 'retain', 'win-back'] as const;
export type Task = (typeof TASKS)[number];
/** The seeds' current × potential reading (lib/value/lifecycle.ts quadrant()). */
export const QUADRANTS = ['matureSoon', 'declineAhead', 'earlyDevelopment', 'exploration'] as const;

const Reason = z.object({
  /** i18n key suffix, e.g. 'value.driver.margin' or 'stage.signal.fallingFrequency'. */
  id: z.string().max(100),
  params: z.record(z.string().max(100), z.union([z.string().max(500), z.number()])).default({}),
});

export const CustomerValueSchema = z.object({
  currency: z.string().max(3),
  currentValue: z.number().finite(),
  clv: z.number().finite(),
  potentialValue: z.number().finite(),
  tier: z.enum(TIERS),
  negative: z.boolean(),
  rank: z.number().int().nonnegative(),
  /** Share of customers ranked at or above this one, 0..100. */
  percentile: z.number().finite(),
  drivers: z.array(Reason).max(20),
  stage: z.enum(STAGES),
  stageSignals: z.array(Reason).max(20),
  task: z.enum(TASKS),
  nextAction: Reason,
  /** Customers in the ranking (rank is out of this). */
  rankOf: z.number().int().nonnegative().optional(),
  /** Absent for a customer who never ordered. */
  quadrant: z.enum(QUADRANTS).optional(),
  /** The model's reading behind the value, for the card's details. */
  figures: z
    .object({
      orderCount: z.number().int().nonnegative(),
      lastOrderAt: z.number().nullable(),
      aliveProbability: z.number().finite(),
      annualChurn: z.number().finite(),
      lifetimeYears: z.number().finite(),
      purchaseProbability: z.number().finite(),
      gapDays: z.number().finite(),
    })
    .optional(),
});
export type CustomerValue = z.infer<typeof CustomerValueSchema>;

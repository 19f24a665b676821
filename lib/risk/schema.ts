import { z } from 'zod';
import { plainCut } from '../plain-text';

// Scam signals (domain.md, risk signals). Filled by lib/risk. It warns, never blocks.

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

/** Score at or above which the level is medium / high (shown to the rep with the score). */
export const RISK_THRESHOLDS = { medium: 30, high: 60 } as const;
/** The score is the sum of the signals' weights, capped here. */
export const RISK_SCORE_CAP = 100;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RiskSignalSchema = z.object({
  /** Stable id, also the i18n key suffix of the reason shown to the rep (risk.signal.<id>). */
  id: z.string().max(100),
  weight: z.number().finite(),
  /**
   * Values the reason text interpolates (the look-alike domain, the phrase seen...): quoted from the
   * email, so cut and stripped of markup at this door, never refused (issue 16).
   */
  params: z
    .record(z.string().max(100), z.union([z.string().overwrite(plainCut(500)), z.number()]))
    .default({}),
});
export type RiskSignal = z.infer<typeof RiskSignalSchema>;

export const RiskSchema = z.object({
  score: z.number().finite(),
  level: z.enum(RISK_LEVELS),
  signals: z.array(RiskSignalSchema).max(50),
});
export type Risk = z.infer<typeof RiskSchema>;

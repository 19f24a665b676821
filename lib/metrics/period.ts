import { DAY_MS, type Period } from './types';

// The dashboard's periods: the last 30, 90 or 365 days up to now, or everything
// logged; each figure is compared with the period of equal length just before.

export const PERIOD_PRESETS = ['30', '90', '365', 'all'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** The period ending now (inclusive: to is exclusive, so it is now + 1 ms). "all" starts at the epoch. */
export function periodFor(preset: PeriodPreset, now: number): Period {
  const to = now + 1;
  return preset === 'all' ? { from: 0, to } : { from: to - Number(preset) * DAY_MS, to };
}

/** The period of equal length just before; none for a period that starts at the epoch ("all"). */
export function previousPeriod(period: Period): Period | null {
  if (!(period.from > 0) || !Number.isFinite(period.from) || !(period.to > period.from)) return null;
  return { from: period.from - (period.to - period.from), to: period.from };
}

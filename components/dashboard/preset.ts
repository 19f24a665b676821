import { PERIOD_PRESETS, type PeriodPreset } from '@/lib/metrics/period';

/** The period the page opens on: the address's `#period=`, else the last 90 days. */
export function initialPreset(): PeriodPreset {
  const wanted = new URLSearchParams(location.hash.slice(1)).get('period');
  return (PERIOD_PRESETS as readonly string[]).includes(wanted ?? '') ? (wanted as PeriodPreset) : '90';
}

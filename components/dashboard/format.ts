import type { FigureUnit } from '@/lib/metrics/scorecard';

// Figures as the manager reads them, in the page's language: durations in
// minutes, hours or days, shares as percentages (changes in percentage points),
// counts with the locale's separators.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function unitFormat(locale: string, unit: 'minute' | 'hour' | 'day', digits: number) {
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: digits,
  });
}

/** A duration: under an hour in minutes, under two days in hours, else in days. */
export function formatDuration(ms: number, locale: string): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return unitFormat(locale, 'minute', 0).format(Math.round(ms / MINUTE));
  if (abs < 2 * DAY) return unitFormat(locale, 'hour', 1).format(ms / HOUR);
  return unitFormat(locale, 'day', 1).format(ms / DAY);
}

export function formatShare(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

export function formatNumber(x: number, locale: string, digits = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(x);
}

export function formatFigure(value: number, unit: FigureUnit, locale: string): string {
  switch (unit) {
    case 'duration':
      return formatDuration(value, locale);
    case 'share':
      return formatShare(value, locale);
    case 'number':
      return formatNumber(value, locale);
  }
}

/**
 * The size of a change, without its sign (the arrow gives the direction): a
 * duration, percentage points (as a plain number; the caller adds the unit word),
 * or a number.
 */
export function formatDelta(delta: number, unit: FigureUnit, locale: string): string {
  const abs = Math.abs(delta);
  switch (unit) {
    case 'duration':
      return formatDuration(abs, locale);
    case 'share':
      return formatNumber(abs * 100, locale);
    case 'number':
      return formatNumber(abs, locale);
  }
}

export function formatDate(time: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(time);
}

export function formatDateTime(time: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

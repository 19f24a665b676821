import type { ValueSettings } from './settings';

// Multi-currency: every figure is in the book's base currency. A rate says how
// many base units one unit of a currency is worth; the base currency is 1.

/** The rate to the base currency, or undefined when the rep has not set one. */
export function rateToBase(
  currency: string,
  settings: Pick<ValueSettings, 'baseCurrency' | 'rates'>,
): number | undefined {
  if (currency === settings.baseCurrency) return 1;
  return settings.rates[currency];
}

/** amount × rate; undefined when the currency has no rate (the caller leaves the order out and says so). */
export function toBase(
  amount: number,
  currency: string,
  settings: Pick<ValueSettings, 'baseCurrency' | 'rates'>,
): number | undefined {
  const rate = rateToBase(currency, settings);
  return rate === undefined ? undefined : amount * rate;
}

import type { TFunction } from 'i18next';
import { LOST_REASONS, type LostReason } from '@/lib/db/types';
import { numberFormat } from '@/lib/i18n/formats';

interface Reason {
  id: string;
  params: Record<string, string | number>;
}

/** A reason from lib/value as text: its key and parameters, amounts grouped, a lost reason in words. */
export function reasonText(t: TFunction, reason: Reason, language = 'en'): string {
  const params: Record<string, string | number> = { ...reason.params };
  if (typeof params.amount === 'number') params.amount = numberFormat(language).format(params.amount);
  if (typeof params.reason === 'string' && (LOST_REASONS as readonly string[]).includes(params.reason))
    params.reason = t(`value.lostReason.${params.reason as LostReason}`);
  return t(reason.id, params);
}

/** Money in the base currency, with the UI language's digits; a bad code falls back to "1,234 XYZ". */
export function formatMoney(amount: number, currency: string, language: string): string {
  try {
    return numberFormat(language, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${numberFormat(language).format(Math.round(amount))} ${currency}`;
  }
}

import { z } from 'zod';
import type { CrmDb } from '../db/db';

// The cost of winning a customer (domain.md: CLV is net of it), as the rep enters
// it in the card: in the book's base currency, blank for none. Saved on the
// company, then revalued in the background like any other value input.

/** What the field may hold: up to a billion, no negative cost. */
const AcquisitionCostSchema = z.number().finite().nonnegative().max(1e9);

/** "6500", "6,500", "6 500", "6500.50" or "6500,50" as a number; NaN when it is not one. */
export function parseAmount(text: string): number {
  const s = text.trim().replace(/[\s\u00a0']/g, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return Number(s.replace(/\./g, '').replace(',', '.'));
  if (/^\d+([.,]\d+)?$/.test(s)) return Number(s.replace(',', '.'));
  return Number.NaN;
}

export type AcquisitionCostResult =
  | { ok: true; acquisitionCost: number | undefined }
  | { ok: false; error: 'value.acquisition.error.amount' | 'value.acquisition.error.company' };

/** Saves a company's acquisition cost from the field's text ('' clears it) and has the company revalued. */
export async function saveAcquisitionCost(
  db: CrmDb,
  companyId: string,
  text: string,
  now = Date.now(),
): Promise<AcquisitionCostResult> {
  let acquisitionCost: number | undefined;
  if (text.trim()) {
    const parsed = AcquisitionCostSchema.safeParse(parseAmount(text));
    if (!parsed.success) return { ok: false, error: 'value.acquisition.error.amount' };
    acquisitionCost = parsed.data;
  }
  const updated = await db.companies.update(companyId, { acquisitionCost, updatedAt: now });
  if (!updated && !(await db.companies.get(companyId)))
    return { ok: false, error: 'value.acquisition.error.company' };
  return { ok: true, acquisitionCost };
}

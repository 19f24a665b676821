import { Dexie } from 'dexie';
import { z } from 'zod';
import type { CrmDb } from '../db/db';
import { currentRep, newId } from '../db/book';
import { ORDER_STATUSES, OrderSchema, type Order } from '../db/types';

// Orders and quotes as the rep enters them in the side panel: date, amount,
// currency, cost or margin, status. Every write validates and stores in one step; the
// background reads the write from the change feed and revalues the company off the
// panel's thread; the card's tier and stage follow when its row lands.

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** What the order form sends. Either a cost (money) or a margin (percent of the amount), not both. */
export const OrderInputSchema = z
  .object({
    id: z.string().min(1).max(100).optional(),
    companyId: z.string().min(1, 'value.orders.error.company').max(100),
    /** A calendar day, YYYY-MM-DD, taken at noon UTC so it shows as the same day in every time zone. */
    date: z.string().regex(DAY_PATTERN, 'value.orders.error.date'),
    amount: z
      .number({ error: 'value.orders.error.amount' })
      .finite('value.orders.error.amount')
      .positive('value.orders.error.amount'),
    currency: z
      .string()
      .transform((s) => s.trim().toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{3}$/, 'value.orders.error.currency')),
    cost: z.number().finite('value.orders.error.cost').nonnegative('value.orders.error.cost').optional(),
    marginPercent: z
      .number()
      .finite('value.orders.error.margin')
      .min(-100, 'value.orders.error.margin')
      .max(100, 'value.orders.error.margin')
      .optional(),
    status: z.enum(ORDER_STATUSES, { error: 'value.orders.error.status' }),
    reference: z.string().max(200, 'value.orders.error.reference').optional(),
  })
  .refine((o) => o.cost === undefined || o.marginPercent === undefined, {
    message: 'value.orders.error.costAndMargin',
    path: ['cost'],
  })
  .refine((o) => Number.isFinite(Date.parse(`${o.date}T12:00:00Z`)), {
    message: 'value.orders.error.date',
    path: ['date'],
  });
export type OrderInput = z.input<typeof OrderInputSchema>;

/** A field's problem as an i18n key (value.orders.error.*). */
export interface FieldError {
  field: string;
  message: string;
}
export type SaveResult = { ok: true; order: Order } | { ok: false; errors: FieldError[] };

export function dayToTime(day: string): number {
  return Date.parse(`${day}T12:00:00Z`);
}
export function timeToDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Validates the form; on success the cost is resolved (margin m% → cost = amount × (1 − m/100)). */
export function validateOrderInput(
  input: OrderInput,
):
  | { ok: true; value: z.output<typeof OrderInputSchema> & { resolvedCost?: number } }
  | { ok: false; errors: FieldError[] } {
  const parsed = OrderInputSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({
        field: String(i.path[0] ?? ''),
        message: i.message.startsWith('value.')
          ? i.message
          : `value.orders.error.${String(i.path[0] ?? 'form')}`,
      })),
    };
  const v = parsed.data;
  const resolvedCost =
    v.cost ??
    (v.marginPercent === undefined
      ? undefined
      : Math.round(v.amount * (1 - v.marginPercent / 100) * 100) / 100);
  return { ok: true, value: { ...v, resolvedCost } };
}

/** A company's orders and quotes, newest first. */
export async function listOrders(db: CrmDb, companyId: string): Promise<Order[]> {
  const orders = await db.orders
    .where('[companyId+date]')
    .between([companyId, Dexie.minKey], [companyId, Dexie.maxKey])
    .toArray();
  return orders.reverse();
}

/** Adds (no id) or edits (id) an order, then has its company (and a company it moved from) revalued. */
export async function saveOrder(db: CrmDb, input: OrderInput, now = Date.now()): Promise<SaveResult> {
  const checked = validateOrderInput(input);
  if (!checked.ok) return checked;
  const v = checked.value;
  if (!(await db.companies.get(v.companyId)))
    return { ok: false, errors: [{ field: 'companyId', message: 'value.orders.error.company' }] };
  const existing = v.id ? await db.orders.get(v.id) : undefined;
  if (v.id && !existing)
    return { ok: false, errors: [{ field: 'id', message: 'value.orders.error.notFound' }] };
  const authorRepId = existing?.authorRepId ?? (await currentRep(db, now)).id;
  const order: Order = {
    id: existing?.id ?? newId(),
    companyId: v.companyId,
    date: dayToTime(v.date),
    amount: v.amount,
    currency: v.currency,
    cost: v.resolvedCost,
    status: v.status,
    reference: v.reference?.trim() || undefined,
    authorRepId,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const valid = OrderSchema.safeParse(order);
  if (!valid.success) return { ok: false, errors: [{ field: 'form', message: 'value.orders.error.form' }] };
  // An edit goes in as one (modify), so the change feed also names a company the order left.
  if (existing)
    await db.orders
      .where(':id')
      .equals(existing.id)
      .modify((_, ref) => {
        ref.value = valid.data;
      });
  else await db.orders.put(valid.data);
  return { ok: true, order: valid.data };
}

/** Deletes an order and has its company revalued. */
export async function deleteOrder(db: CrmDb, id: string): Promise<void> {
  const order = await db.orders.get(id);
  if (!order) return;
  await db.orders.delete(id);
}

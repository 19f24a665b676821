import { z } from 'zod';
import { EmailInquirySchema, MailboxSchema } from '../email';
import { CompanySchema, ContactSchema, InteractionSchema, OrderSchema, ReminderSchema } from '../db/types';
import { OriginSchema } from '../origin/schema';
import { RiskSchema } from '../risk/schema';
import { CustomerValueSchema } from '../value/schema';

// The card the side panel shows for an open email: who this is, what we did with
// them, and the slots that origin, risk and value fill.

export const TimelineEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('interaction'), at: z.number(), interaction: InteractionSchema }),
  z.object({ kind: z.literal('order'), at: z.number(), order: OrderSchema }),
]);
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const OrderSummarySchema = z.object({
  count: z.number().int(),
  /** Sum of non-cancelled, non-quote orders per currency. */
  totals: z.record(z.string(), z.number()),
  lastOrderAt: z.number().optional(),
});
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

export const CardSchema = z.object({
  inquiry: EmailInquirySchema,
  /** The other party: the sender of an inbound message, the first recipient of an outbound one. */
  counterpart: MailboxSchema,
  direction: z.enum(['in', 'out']),
  /** How the company was found: by the contact's address, by the sender's domain, or not at all. */
  match: z.enum(['contact', 'domain', 'none']),
  contact: ContactSchema.nullable(),
  company: CompanySchema.nullable(),
  /** Registrable domain of the counterpart address. */
  domain: z.string(),
  freeMail: z.boolean(),
  /** For an unknown sender on a company domain: the company we would create. */
  suggestedCompanyName: z.string().nullable(),
  timeline: z.array(TimelineEntrySchema),
  orderSummary: OrderSummarySchema,
  /** The interaction that logged this message or thread, if any. */
  loggedInteractionId: z.string().nullable(),
  openReminders: z.array(ReminderSchema),
  /** BCP 47 code of the email's language, '' when unknown. */
  language: z.string(),
  origin: OriginSchema.nullable(),
  risk: RiskSchema.nullable(),
  value: CustomerValueSchema.nullable(),
});
export type Card = z.infer<typeof CardSchema>;

import { z } from 'zod';
import { bookTime } from '../dates';

// The book's records, as stored, defined once as zod schemas: the same schemas
// check imported bundles and messages between contexts. Ids are UUID strings
// (new ones version 7, time-ordered: lib/db/ids.ts) so two reps' books merge on
// handover without collisions. Times are
// epoch milliseconds. Every record carries `authorRepId` (who first wrote it; it
// never changes on handover); companies and reminders carry `ownerRepId` (who
// looks after it now).

/** The book's tables, in a bundle's order (a record may only refer to tables before it). */
export const BOOK_TABLES = [
  'reps',
  'companies',
  'contacts',
  'interactions',
  'orders',
  'reminders',
  'knowledge',
  'settings',
] as const;
export type BookTable = (typeof BOOK_TABLES)[number];

export const INTENTS = [
  'price-inquiry',
  'sample-request',
  'order',
  'complaint',
  'follow-up',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

export const CHANNELS = ['email', 'phone', 'chat', 'meeting', 'trade-show'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const ORDER_STATUSES = ['quote', 'confirmed', 'shipped', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Why a customer was lost or is declining (domain.md, win back). */
export const LOST_REASONS = ['price', 'product', 'service', 'competitor', 'dropped', 'involuntary'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export const SOURCES = [
  'alibaba',
  'made-in-china',
  'global-sources',
  'trade-show',
  'website',
  'referral',
  'email',
  'other',
] as const;
export type Source = (typeof SOURCES)[number];

export const REP_ROLES = ['rep', 'manager', 'admin'] as const;
export type RepRole = (typeof REP_ROLES)[number];

export const REMINDER_KINDS = ['follow-up', 'no-reply'] as const;
/** Reminders the team server writes, by what they say (`notice.code`). */
export const REMINDER_NOTICES = ['pool-return'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const KNOWLEDGE_KINDS = ['product', 'faq', 'template'] as const;
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS)[number];

const id = z.string().min(1).max(100);
/** Times are epoch ms within the book's one range (lib/dates.ts). */
const time = bookTime;
const text = (max: number) => z.string().max(max);

export const RepSchema = z.object({
  id,
  name: text(200),
  email: text(320).optional(),
  role: z.enum(REP_ROLES),
  createdAt: time,
});
export type Rep = z.infer<typeof RepSchema>;

export const CompanySchema = z.object({
  id,
  name: text(300),
  /** Registrable domains (public-suffix aware, lower case); never a free-mail domain. */
  domains: z.array(text(253)).max(50),
  /** ISO 3166-1 alpha-2, upper case. */
  country: text(2).optional(),
  source: z.enum(SOURCES),
  ownerRepId: id,
  authorRepId: id,
  tags: z.array(text(100)).max(100),
  notes: text(20_000),
  /** Cost of winning this customer, in the book's base currency (for CLV). */
  acquisitionCost: z.number().finite().optional(),
  createdAt: time,
  updatedAt: time,
});
export type Company = z.infer<typeof CompanySchema>;

export const ContactSchema = z.object({
  id,
  companyId: id.optional(),
  name: text(300),
  /** Lower-cased addresses. */
  emails: z.array(text(320)).max(50),
  phones: z.array(text(50)).max(20),
  title: text(200).optional(),
  authorRepId: id,
  createdAt: time,
  updatedAt: time,
});
export type Contact = z.infer<typeof ContactSchema>;

export const InteractionSchema = z.object({
  id,
  companyId: id.optional(),
  contactId: id.optional(),
  threadId: text(200).optional(),
  messageId: text(200).optional(),
  direction: z.enum(DIRECTIONS),
  channel: z.enum(CHANNELS),
  at: time,
  subject: text(2000),
  summary: text(20_000),
  intent: z.enum(INTENTS),
  outcome: text(2000),
  repId: id,
  authorRepId: id,
  /** Time from the previous inbound message to this outbound one, when known. */
  responseTimeMs: z.number().finite().nonnegative().optional(),
  lostReason: z.enum(LOST_REASONS).optional(),
  /** Where the logged thread can be reopened (webmail URL). */
  url: text(2000).optional(),
  createdAt: time,
  updatedAt: time,
});
export type Interaction = z.infer<typeof InteractionSchema>;

export const OrderSchema = z.object({
  id,
  companyId: id,
  date: time,
  amount: z.number().finite(),
  /** ISO 4217, upper case. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Direct cost of the goods; margin = amount - cost when cost is known. */
  cost: z.number().finite().optional(),
  status: z.enum(ORDER_STATUSES),
  reference: text(200).optional(),
  authorRepId: id,
  createdAt: time,
  updatedAt: time,
});
export type Order = z.infer<typeof OrderSchema>;

export const ReminderSchema = z.object({
  id,
  kind: z.enum(REMINDER_KINDS),
  dueAt: time,
  title: text(2000),
  companyId: id.optional(),
  contactId: id.optional(),
  threadId: text(200).optional(),
  interactionId: id.optional(),
  url: text(2000).optional(),
  /**
   * A reminder the team server wrote (the public pool's warning): what it says as a code and
   * its values, shown in the rep's language; `title` holds the English text for what cannot.
   */
  notice: z
    .object({
      code: z.enum(REMINDER_NOTICES),
      company: text(300),
      /** The day it returns to the public pool, YYYY-MM-DD (UTC). */
      returnsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    })
    .optional(),
  /** 0 = open, 1 = done (a number so it can be indexed). */
  done: z.union([z.literal(0), z.literal(1)]),
  ownerRepId: id,
  authorRepId: id,
  createdAt: time,
  updatedAt: time,
});
export type Reminder = z.infer<typeof ReminderSchema>;

export const KnowledgeItemSchema = z.object({
  id,
  kind: z.enum(KNOWLEDGE_KINDS),
  title: text(500),
  /** Free text: an FAQ answer, a template with {{placeholders}}, or product notes. */
  body: text(50_000),
  /** Structured facts, e.g. { moq: '500 pcs', leadTime: '25 days', priceTerms: 'FOB Ningbo' }. */
  fields: z.record(text(100), text(5000)),
  tags: z.array(text(100)).max(100),
  /** BCP 47 language of the body, e.g. 'en'. */
  language: text(20),
  authorRepId: id,
  createdAt: time,
  updatedAt: time,
});
export type KnowledgeItem = z.infer<typeof KnowledgeItemSchema>;

/** Book-level settings that travel with backups (value model parameters, rates...). */
export const BookSettingSchema = z.object({ key: text(200), value: z.unknown() });
export type BookSetting = z.infer<typeof BookSettingSchema>;

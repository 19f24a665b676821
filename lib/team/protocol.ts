import { z } from 'zod';
import { SOURCES } from '../db/types';
import { DUPLICATE_KEY_KINDS } from './duplicateKeys';
import { TIERS } from '../value/schema';

// The team rules' API (issue 13): the duplicate check, the public pool, transfer
// requests, handover by a manager and the manager's overview. Shared by the
// extension and the server, which checks every body with these schemas.

const id = z.string().min(1).max(200);
const ids = z.array(id).min(1).max(10_000);

export const TeamRuleSettingsSchema = z
  .object({
    poolIdleDays: z.number().int().min(1).max(3650),
    poolWarnDays: z.number().int().min(0).max(365),
    poolClaimsPerDay: z.number().int().min(0).max(1000),
    poolCooldownDays: z.number().int().min(0).max(3650),
    nameSimilarity: z.number().min(0.1).max(1),
  })
  .refine((s) => s.poolWarnDays < s.poolIdleDays, {
    message: 'The warning comes before the customer returns to the pool.',
    path: ['poolWarnDays'],
  });
export type TeamRuleSettings = z.infer<typeof TeamRuleSettingsSchema>;

/** What an inquiry or a new customer is checked by (any part may be absent). */
export const DuplicateProbeSchema = z.object({
  email: z.string().max(320).optional(),
  domain: z.string().max(253).optional(),
  companyName: z.string().max(300).optional(),
  phones: z.array(z.string().max(50)).max(20).optional(),
  country: z.string().max(2).optional(),
});

/** Whose customer a match is: never more of that rep's data than this. */
export const DuplicateMatchSchema = z.object({
  /** Opaque; lets the rep ask for a transfer. */
  companyId: id,
  companyName: z.string().max(300),
  matchedBy: z.array(z.enum(DUPLICATE_KEY_KINDS)).min(1),
  owner: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rep'), id, name: z.string().max(200) }),
    z.object({ kind: z.literal('you') }),
    z.object({ kind: z.literal('pool') }),
  ]),
  /** ISO month the current owner took it on ('2026-03'), or the month it returned to the pool. */
  since: z.string().regex(/^\d{4}-\d{2}$/),
  /** Name similarity (0..1) when matched by name. */
  similarity: z.number().min(0).max(1).optional(),
  /** A transfer request of the asker's is waiting for it. */
  requested: z.boolean().optional(),
});
export type DuplicateMatch = z.infer<typeof DuplicateMatchSchema>;

export const DuplicateAnswerSchema = z.object({ matches: z.array(DuplicateMatchSchema).max(20) });
export type DuplicateAnswer = z.infer<typeof DuplicateAnswerSchema>;

export const POOL_REASONS = ['idle', 'released'] as const;

export const PoolCustomerSchema = z.object({
  companyId: id,
  name: z.string().max(300),
  country: z.string().max(2).optional(),
  source: z.enum(SOURCES),
  /** Orders on record that were not cancelled (the value tier is computed in each browser, not here). */
  orders: z.number().int().nonnegative(),
  /** The value tier, ranked among the team's customers by the value of their orders on record. */
  tier: z.enum(TIERS),
  lastContactAt: z.number().nullable(),
  poolSince: z.number(),
  reason: z.enum(POOL_REASONS),
  previousOwner: z.string().max(200).optional(),
  /** For the asker: the time the cool-down ends, when they may not claim it yet. */
  coolDownUntil: z.number().optional(),
});
export type PoolCustomer = z.infer<typeof PoolCustomerSchema>;

export const PoolAnswerSchema = z.object({
  customers: z.array(PoolCustomerSchema),
  /** Claims the asker has left in the current 24 hours. */
  claimsLeft: z.number().int().nonnegative(),
  settings: TeamRuleSettingsSchema,
});
export type PoolAnswer = z.infer<typeof PoolAnswerSchema>;

export const ClaimRequestSchema = z.object({ companyId: id });
/** Customers to release to the pool: a rep's own, or anyone's by a manager. */
export const ReleaseRequestSchema = z.object({ companyIds: z.array(id).min(1).max(500) });
export const AssignRequestSchema = z.object({
  companyIds: ids,
  /** One rep, or several taking the customers in turn. */
  repIds: z.array(id).min(1).max(100),
});
export const HandoverRequestSchema = z.object({
  fromRepId: id,
  toRepIds: z.array(id).min(1).max(100),
});

export const HandoverRecordSchema = z.object({
  id: z.number().int(),
  fromUser: z.string(),
  toUsers: z.array(z.string()),
  byUser: z.string(),
  at: z.number(),
  companies: z.number().int(),
  contacts: z.number().int(),
  interactions: z.number().int(),
  orders: z.number().int(),
  reminders: z.number().int(),
});
export type HandoverRecord = z.infer<typeof HandoverRecordSchema>;

export const TransferRequestInputSchema = z.object({
  companyId: id,
  note: z.string().max(2000).default(''),
});

export const TransferRequestSchema = z.object({
  id: z.number().int(),
  companyId: id,
  companyName: z.string().max(300),
  requestedBy: z.string(),
  requestedByName: z.string(),
  ownerName: z.string().optional(),
  note: z.string(),
  createdAt: z.number(),
});
export type TransferRequest = z.infer<typeof TransferRequestSchema>;

export const TeamOverviewSchema = z.object({
  reps: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      disabled: z.boolean(),
      customers: z.number().int(),
      /** Pool activity of the last 30 days. */
      claimed: z.number().int(),
      returned: z.number().int(),
    }),
  ),
  pool: z.number().int(),
  transfers: z.array(TransferRequestSchema),
  handovers: z.array(HandoverRecordSchema),
  settings: TeamRuleSettingsSchema,
});
export type TeamOverview = z.infer<typeof TeamOverviewSchema>;

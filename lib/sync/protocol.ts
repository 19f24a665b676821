import { z } from 'zod';
import {
  BookSettingSchema,
  CompanySchema,
  ContactSchema,
  InteractionSchema,
  KnowledgeItemSchema,
  OrderSchema,
  ReminderSchema,
  REP_ROLES,
} from '../db/types';
import { DuplicateMatchSchema } from '../team/protocol';

// The team-mode sync protocol (docs/sync.md), as zod schemas shared by the
// extension and the server: both sides check every body with the same schema.

/** The book tables that sync. Derived tables (values, digests, dirty marks) never do. */
export const SYNCED_KINDS = [
  'companies',
  'contacts',
  'interactions',
  'orders',
  'reminders',
  'knowledge',
  'settings',
] as const;
export type SyncedKind = (typeof SYNCED_KINDS)[number];

/** Book settings that are the team's (value model parameters, currency rates); the rest stay in each browser. */
export const TEAM_SETTING_KEYS = ['value'] as const;

/** Each synced kind's record schema: the server validates every merged record with it. */
export const RECORD_SCHEMAS = {
  companies: CompanySchema,
  contacts: ContactSchema,
  interactions: InteractionSchema,
  orders: OrderSchema,
  reminders: ReminderSchema,
  knowledge: KnowledgeItemSchema,
  settings: BookSettingSchema,
} as const satisfies Record<SyncedKind, z.ZodType>;

/** The primary key field of each kind's records. */
export const KEY_FIELD: Record<SyncedKind, 'id' | 'key'> = {
  companies: 'id',
  contacts: 'id',
  interactions: 'id',
  orders: 'id',
  reminders: 'id',
  knowledge: 'id',
  settings: 'key',
};

const key = z.string().min(1).max(200);
const json = z.record(z.string(), z.unknown());
/**
 * A record as a pull brings it: a JSON object, checked as one and kept as it arrived. The same
 * check as `json` (JSON's keys are strings), without building a copy of every record (5-8 ms of the
 * worker's time a page of 5,000, and as many objects for its garbage collector).
 */
const pulledRecord = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { message: 'Expected a record (a JSON object)' },
);
export const MAX_MUTATIONS_PER_PUSH = 500;

/**
 * One change the client made: the record as the client has it now (`value`) and
 * as it was before (`base`, null for a new record), so the server can merge only
 * the fields the client changed.
 */
export const MutationSchema = z.discriminatedUnion('op', [
  z.object({
    id: z.number().int().positive(),
    op: z.literal('put'),
    kind: z.enum(SYNCED_KINDS),
    key,
    value: json,
    base: json.nullable(),
  }),
  z.object({
    id: z.number().int().positive(),
    op: z.literal('delete'),
    kind: z.enum(SYNCED_KINDS),
    key,
  }),
]);
export type Mutation = z.infer<typeof MutationSchema>;

export const ClientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/);

export const PushRequestSchema = z.object({
  clientId: ClientIdSchema,
  mutations: z.array(MutationSchema).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const REJECT_CODES = [
  'not-yours',
  'owner-change',
  'managers-only',
  'invalid',
  'deleted',
  'unknown-company',
  'not-synced',
  // The team already has this customer (issue 13's duplicate check); the reason names its owner.
  'duplicate',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export const MutationResultSchema = z.object({
  id: z.number().int().positive(),
  status: z.enum(['accepted', 'rejected']),
  code: z.enum(REJECT_CODES).optional(),
  reason: z.string().max(2000).optional(),
  /** A `duplicate`: whose customer it is, for the browser to word in the rep's language. */
  duplicate: DuplicateMatchSchema.optional(),
});
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.object({
  results: z.array(MutationResultSchema),
  lastMutationId: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** Where a pull stopped: the team version it covers, and inside a paged answer the last row sent. */
export const CookieSchema = z.object({
  v: z.number().int().nonnegative(),
  k: z.string().max(40).optional(),
  i: z.string().max(200).optional(),
  /** Who the cookie was issued to and as what role: another user or role starts over. */
  u: z.string().max(100),
  r: z.enum(REP_ROLES),
});
export type Cookie = z.infer<typeof CookieSchema>;

/** The most records a pull answers with at once (the server's default page is smaller). */
export const MAX_PULL_PAGE = 5000;

export const PullRequestSchema = z.object({
  clientId: ClientIdSchema,
  cookie: CookieSchema.nullable(),
  limit: z.number().int().min(1).max(MAX_PULL_PAGE).optional(),
});
export type PullRequest = z.infer<typeof PullRequestSchema>;

export const TeamMemberSchema = z.object({
  id: z.string().max(100),
  name: z.string().max(200),
  email: z.string().max(320),
  role: z.enum(REP_ROLES),
  disabled: z.boolean(),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const PullResponseSchema = z.object({
  cookie: CookieSchema,
  /** The client's last mutation the server has processed (accepted or rejected). */
  lastMutationId: z.number().int().nonnegative(),
  /** The client must drop its synced tables' contents first (new user, new role, or a first pull). */
  reset: z.boolean(),
  puts: z.array(z.object({ kind: z.enum(SYNCED_KINDS), key, value: pulledRecord })),
  /** Deleted, or left this user's view (ownership moved). */
  deletes: z.array(z.object({ kind: z.enum(SYNCED_KINDS), key })),
  members: z.array(TeamMemberSchema),
  /** More pages follow: pull again at once with the new cookie. */
  more: z.boolean(),
  /**
   * On a first pull, and on the first page of any pull that takes more than one: how many
   * records the whole answer holds (for a progress bar).
   */
  total: z.number().int().nonnegative().optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const SignInRequestSchema = z.object({
  email: z.string().trim().toLowerCase().min(3).max(320),
  password: z.string().min(1).max(1000),
});

export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(REP_ROLES),
  team: z.object({ id: z.number(), name: z.string() }),
});
export type Me = z.infer<typeof MeSchema>;

export const SignInResponseSchema = z.object({ token: z.string(), user: MeSchema });
export type SignInResponse = z.infer<typeof SignInResponseSchema>;

export const NewUserSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(REP_ROLES),
  password: z.string().min(10).max(1000),
});
export type NewUser = z.infer<typeof NewUserSchema>;

/** Messages on the live connection (server → client). The client only ever sends 'ping'. */
export const PokeMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('poke') }),
  z.object({ type: z.literal('pong') }),
]);
export type PokeMessage = z.infer<typeof PokeMessageSchema>;

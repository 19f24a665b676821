import { z } from 'zod';
import { MeSchema, NewUserSchema, TeamMemberSchema } from './protocol';

// Messages between the extension pages and the background for team mode. The
// token never leaves the background: pages ask it to sign in, out, or to act for
// them (an admin adding, disabling or enabling a person).

export const ServerUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'http or https');

export const TeamMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('team/sign-in'),
    serverUrl: ServerUrlSchema,
    email: z.string().trim().min(3).max(320),
    password: z.string().min(1).max(1000),
  }),
  z.object({ type: z.literal('team/sign-out') }),
  z.object({ type: z.literal('team/sync-now') }),
  z.object({ type: z.literal('team/users') }),
  z.object({ type: z.literal('team/add-user'), user: NewUserSchema }),
  z.object({
    type: z.literal('team/set-disabled'),
    userId: z.string().min(1).max(100),
    disabled: z.boolean(),
  }),
]);
export type TeamMessage = z.infer<typeof TeamMessageSchema>;

export const TeamAnswerSchema = z.object({
  ok: z.boolean(),
  /** A code the page translates (bad-credentials, rate-limited, unreachable, …). */
  error: z.string().max(100).optional(),
  message: z.string().max(2000).optional(),
  user: MeSchema.optional(),
  users: z.array(TeamMemberSchema).optional(),
});
export type TeamAnswer = z.infer<typeof TeamAnswerSchema>;

export const isTeamMessage = (raw: unknown): boolean =>
  typeof raw === 'object' && raw !== null && String((raw as { type?: unknown }).type).startsWith('team/');

export async function askTeam(runtime: { sendMessage(m: unknown): Promise<unknown> }, message: TeamMessage) {
  return TeamAnswerSchema.parse(await runtime.sendMessage(message));
}

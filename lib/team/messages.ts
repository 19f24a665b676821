import { z } from 'zod';
import {
  AssignRequestSchema,
  DuplicateProbeSchema,
  HandoverRequestSchema,
  ReleaseRequestSchema,
  TeamRuleSettingsSchema,
  TransferRequestInputSchema,
} from './protocol';

// Messages from the extension's pages to the background for the team rules (issue 13).
// The background holds the token and calls the team server; pages get the answer's
// data, which they check with the schema of lib/team/protocol.ts.

export const RulesMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rules/check'), probe: DuplicateProbeSchema }),
  z.object({ type: z.literal('rules/pool') }),
  z.object({ type: z.literal('rules/claim'), companyId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('rules/assign'), request: AssignRequestSchema }),
  z.object({ type: z.literal('rules/release'), request: ReleaseRequestSchema }),
  z.object({ type: z.literal('rules/ask-transfer'), request: TransferRequestInputSchema }),
  z.object({
    type: z.literal('rules/decide-transfer'),
    id: z.number().int().positive(),
    approve: z.boolean(),
  }),
  z.object({ type: z.literal('rules/handover'), request: HandoverRequestSchema }),
  z.object({ type: z.literal('rules/overview') }),
  z.object({ type: z.literal('rules/save-settings'), settings: TeamRuleSettingsSchema }),
]);
export type RulesMessage = z.infer<typeof RulesMessageSchema>;

export const RulesAnswerSchema = z.object({
  ok: z.boolean(),
  /** A code the page translates: unreachable, signed-out, cool-down, daily-limit, … */
  error: z.string().max(100).optional(),
  message: z.string().max(2000).optional(),
  /** cool-down: when it ends. */
  until: z.number().optional(),
  data: z.unknown().optional(),
});
export type RulesAnswer = z.infer<typeof RulesAnswerSchema>;

export const isRulesMessage = (raw: unknown): boolean =>
  typeof raw === 'object' && raw !== null && String((raw as { type?: unknown }).type).startsWith('rules/');

export async function askRules(
  runtime: { sendMessage(m: unknown): Promise<unknown> },
  message: RulesMessage,
): Promise<RulesAnswer> {
  return RulesAnswerSchema.parse(await runtime.sendMessage(message));
}

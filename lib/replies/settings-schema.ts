import { z } from 'zod';

// The LLM endpoint's settings, apart from their storage so the engine and the
// benchmark can validate them outside an extension.

/** What can be wrong with a settings field (i18n: replies.settings.issue.<code>). */
export const LLM_SETTINGS_ISSUES = ['invalid-url', 'model-required', 'too-long', 'invalid'] as const;
export type LlmSettingsIssue = (typeof LLM_SETTINGS_ISSUES)[number];

export const LlmSettingsSchema = z.object({
  baseURL: z
    .string()
    .trim()
    .max(2000)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        return false;
      }
    }, 'invalid-url' satisfies LlmSettingsIssue)
    .transform((value) => value.replace(/\/+$/, '')),
  /** May be empty: local servers often need none. */
  apiKey: z.string().trim().max(1000),
  model: z
    .string()
    .trim()
    .min(1, 'model-required' satisfies LlmSettingsIssue)
    .max(200),
});
export type LlmSettings = z.infer<typeof LlmSettingsSchema>;

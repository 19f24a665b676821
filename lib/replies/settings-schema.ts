import { z } from 'zod';

// The LLM endpoint's settings, apart from their storage so the engine and the
// benchmark can validate them outside an extension.

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
    }, 'Enter an http:// or https:// address')
    .transform((value) => value.replace(/\/+$/, '')),
  /** May be empty: local servers often need none. */
  apiKey: z.string().trim().max(1000),
  model: z.string().trim().min(1, 'Enter a model name').max(200),
});
export type LlmSettings = z.infer<typeof LlmSettingsSchema>;

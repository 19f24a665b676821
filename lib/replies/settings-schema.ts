import { z } from 'zod';

// The LLM endpoint's settings, apart from their storage so the engine and the
// benchmark can validate them outside an extension.

/** What can be wrong with a settings field (i18n: replies.settings.issue.<code>). */
export const LLM_SETTINGS_ISSUES = [
  'invalid-url',
  'insecure-url',
  'model-required',
  'too-long',
  'invalid',
] as const;
export type LlmSettingsIssue = (typeof LLM_SETTINGS_ISSUES)[number];

/** A server on this computer: the only place plain http may go (nothing crosses the network). */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return v4 !== null && v4.slice(1).every((n) => Number(n) <= 255);
}

/**
 * What is wrong with an endpoint address, or null: https anywhere, plain http only on
 * loopback (the key and every email sent for a draft would otherwise travel in clear),
 * no other scheme, no user or password in the address.
 */
export function endpointIssue(value: string): LlmSettingsIssue | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'invalid-url';
  }
  if (url.username || url.password) return 'invalid-url';
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'invalid-url';
  return isLoopbackHost(url.hostname) ? null : 'insecure-url';
}

export const LlmSettingsSchema = z.object({
  baseURL: z
    .string()
    .trim()
    .max(2000)
    .superRefine((value, ctx) => {
      const issue = endpointIssue(value);
      if (issue) ctx.addIssue({ code: 'custom', message: issue });
    })
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

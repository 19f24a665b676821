import { storage } from 'wxt/utils/storage';
import type { z } from 'zod';
import {
  LLM_SETTINGS_ISSUES,
  LlmSettingsSchema,
  type LlmSettings,
  type LlmSettingsIssue,
} from './settings-schema';

export { LlmSettingsSchema, type LlmSettings, type LlmSettingsIssue } from './settings-schema';

// The LLM endpoint: any OpenAI-compatible server (hosted or local). Kept in
// extension-local storage; only the background worker reads it to make requests,
// and nothing here is ever sent to a content script.

/** Extension-local storage only ('local:'), never sync: the key must not travel to other machines. */
export const llmSettingsItem = storage.defineItem<LlmSettings | null>('local:replies.llmSettings', {
  fallback: null,
  version: 1,
});

/** The saved endpoint, or null when none is set or the stored value no longer validates. */
export async function loadLlmSettings(): Promise<LlmSettings | null> {
  const stored = await llmSettingsItem.getValue();
  const parsed = LlmSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export type SaveResult =
  | { ok: true; settings: LlmSettings }
  | { ok: false; issues: Partial<Record<keyof LlmSettings, LlmSettingsIssue>> };

/** Validates and saves. An empty key keeps the saved one, so the form never needs to show it. */
export async function saveLlmSettings(input: z.input<typeof LlmSettingsSchema>): Promise<SaveResult> {
  const merged = await withSavedKey(input);
  const parsed = LlmSettingsSchema.safeParse(merged);
  if (!parsed.success) return { ok: false, issues: fieldIssues(parsed.error) };
  await llmSettingsItem.setValue(parsed.data);
  return { ok: true, settings: parsed.data };
}

export async function clearLlmSettings(): Promise<void> {
  await llmSettingsItem.removeValue();
}

/** What the options form may show: everything but the key. */
export async function loadLlmSettingsForForm(): Promise<{
  baseURL: string;
  model: string;
  hasKey: boolean;
} | null> {
  const saved = await loadLlmSettings();
  if (saved) return { baseURL: saved.baseURL, model: saved.model, hasKey: saved.apiKey !== '' };
  // Saved before plain http was refused (or otherwise no longer valid): shown, so the rep
  // sees the address and the reason on the next save, but never used for a draft.
  const stored: unknown = await llmSettingsItem.getValue();
  if (typeof stored !== 'object' || stored === null) return null;
  const { baseURL, model, apiKey } = stored as Record<string, unknown>;
  return typeof baseURL === 'string' && typeof model === 'string'
    ? { baseURL, model, hasKey: typeof apiKey === 'string' && apiKey !== '' }
    : null;
}

/** Fills an empty key from the saved settings when the endpoint is the same. */
export async function withSavedKey<T extends { baseURL: string; apiKey: string }>(input: T): Promise<T> {
  if (input.apiKey.trim()) return input;
  const saved = await loadLlmSettings();
  const same = saved && saved.baseURL === input.baseURL.trim().replace(/\/+$/, '');
  return same ? { ...input, apiKey: saved.apiKey } : input;
}

/** The first problem of each field, as a code the form translates (zod's own messages are English). */
export function fieldIssues(error: z.ZodError): Partial<Record<keyof LlmSettings, LlmSettingsIssue>> {
  const issues: Partial<Record<keyof LlmSettings, LlmSettingsIssue>> = {};
  const ours = new Set<string>(LLM_SETTINGS_ISSUES);
  for (const issue of error.issues) {
    const key = issue.path[0] as keyof LlmSettings | undefined;
    if (!key || issues[key]) continue;
    issues[key] = ours.has(issue.message)
      ? (issue.message as LlmSettingsIssue)
      : issue.code === 'too_big'
        ? 'too-long'
        : 'invalid';
  }
  return issues;
}

/** The host permission pattern an endpoint needs ('https://api.example.com/*'). */
export function endpointOriginPattern(baseURL: string): string | null {
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.hostname}/*`;
  } catch {
    return null;
  }
}

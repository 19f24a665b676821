import { storage } from '#imports';
import { z } from 'zod';
import { DEFAULT_PRIVACY, PrivacySettingsSchema, type PrivacySettings } from './privacy/neverLog';

// Every extension-local setting of this browser, as versioned storage items.
// (Book-level settings that travel with a backup live in the Dexie `settings` table.)

export const PreferencesSchema = z.object({
  /** 'auto' follows the browser's language. */
  uiLanguage: z.enum(['auto', 'en', 'zh-CN']).default('auto'),
  /** An inbound inquiry unanswered this many days raises a "no reply yet" reminder. */
  noReplyDays: z.number().int().min(1).max(60).default(2),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = PreferencesSchema.parse({});

export const preferencesItem = storage.defineItem<Preferences>('local:preferences', {
  fallback: DEFAULT_PREFERENCES,
  version: 1,
});

/** Reads preferences, repairing anything stored by hand or by an older build. */
export async function getPreferences(): Promise<Preferences> {
  const parsed = PreferencesSchema.safeParse(await preferencesItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
}

export async function setPreferences(patch: Partial<Preferences>): Promise<Preferences> {
  const next = PreferencesSchema.parse({ ...(await getPreferences()), ...patch });
  await preferencesItem.setValue(next);
  return next;
}

/**
 * Reminders whose notification was already shown, so a restart does not show them twice, as
 * `notifiedKey(id, dueAt)` (lib/reminders/alarms.ts): a reminder snoozed (or otherwise moved) to a new time is due again.
 */
export const notifiedRemindersItem = storage.defineItem<string[]>('local:notifiedReminders', {
  fallback: [],
  version: 2,
  // v1 held bare ids, which kept a snoozed reminder silent for good; dropping them can at worst
  // show an already shown overdue reminder once more.
  migrations: { 2: () => [] },
});

/**
 * The never-log list and the company's own domains (lib/privacy/neverLog.ts): mail from them gets
 * a quiet card and nothing is written to the book. Kept in this browser, like the preferences.
 */
export const privacyItem = storage.defineItem<PrivacySettings>('local:privacy', {
  fallback: DEFAULT_PRIVACY,
  version: 1,
});

/** Reads the never-log settings, repairing anything stored by hand or by an older build. */
export async function getPrivacy(): Promise<PrivacySettings> {
  const parsed = PrivacySettingsSchema.safeParse(await privacyItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_PRIVACY;
}

export async function setPrivacy(next: PrivacySettings): Promise<PrivacySettings> {
  const valid = PrivacySettingsSchema.parse(next);
  await privacyItem.setValue(valid);
  return valid;
}

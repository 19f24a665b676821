import { storage } from '#imports';
import { z } from 'zod';

// The team server and the sign-in token, in extension-local storage. Only the
// background reads the token; pages see who is signed in through syncMeta.

export const TeamSessionSchema = z.object({ serverUrl: z.string().url(), token: z.string().min(1).max(200) });
export type TeamSession = z.infer<typeof TeamSessionSchema>;

export const teamSessionItem = storage.defineItem<TeamSession | null>('local:teamSession', {
  fallback: null,
  version: 1,
});

export async function readSession(): Promise<TeamSession | null> {
  const parsed = TeamSessionSchema.safeParse(await teamSessionItem.getValue());
  return parsed.success ? parsed.data : null;
}

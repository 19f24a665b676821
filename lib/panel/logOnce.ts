import { logInteraction, type LogInput } from '../interactions/log';
import type { CrmDb } from '../db/db';

// A log is written once however often "Log this contact" is clicked: by the
// open message's id, a second click while the first is writing gets the first
// one's result, and a message already in the book is not logged again.

const pending = new Map<string, Promise<LogResult>>();

export interface LogResult {
  interactionId: string;
  /** The message was already logged: nothing new was written. */
  already: boolean;
}

export function logOnce(db: CrmDb, input: LogInput, now?: number): Promise<LogResult> {
  const key = input.messageId ? `${db.name}:${input.messageId}` : '';
  if (!key)
    return logInteraction(db, input, now).then((r) => ({ interactionId: r.interaction.id, already: false }));
  const running = pending.get(key);
  if (running) return running.then((r) => ({ ...r, already: true }));
  const run = (async (): Promise<LogResult> => {
    const existing = await db.interactions.where('messageId').equals(input.messageId!).first();
    if (existing) return { interactionId: existing.id, already: true };
    const { interaction } = await logInteraction(db, input, now);
    return { interactionId: interaction.id, already: false };
  })();
  pending.set(key, run);
  void run.finally(() => pending.delete(key)).catch(() => undefined);
  return run;
}

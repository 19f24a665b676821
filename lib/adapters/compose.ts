import type { InsertResult } from '../messages';

// Putting a draft into a webmail's reply box, the part every webmail shares:
// open the box with the Reply button when none is open, wait for it, write the
// text, and tell the editor it changed. Never sends.

export interface ReplyBoxHooks {
  findReplyBox(doc: Document): HTMLElement | null;
  findReplyButton(doc: Document): HTMLElement | null;
  press(button: HTMLElement): void;
  /** Writes the text into the box as plain text nodes, never markup. */
  writeDraft(box: HTMLElement, text: string): void;
}

/**
 * Why a draft could not go into the reply box: codes, not sentences, so the
 * panel says it in the rep's language (i18n: replies.insertError.<code>).
 */
export const COMPOSE_FAILURES = ['no-open-message', 'reply-box-closed', 'write-failed'] as const;
export type ComposeFailure = (typeof COMPOSE_FAILURES)[number];

const failed = (reason: ComposeFailure): InsertResult => ({ ok: false, reason });

export interface InsertOptions {
  wait?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function insertReplyWith(
  hooks: ReplyBoxHooks,
  doc: Document,
  text: string,
  options: InsertOptions = {},
): Promise<InsertResult> {
  const wait = options.wait ?? pause;
  try {
    let box = hooks.findReplyBox(doc);
    if (!box) {
      const button = hooks.findReplyButton(doc);
      if (!button) return failed('no-open-message');
      hooks.press(button);
      for (let waited = 0; !box && waited < (options.timeoutMs ?? 3000); waited += 100) {
        await wait(100);
        box = hooks.findReplyBox(doc);
      }
      if (!box) return failed('reply-box-closed');
    }
    hooks.writeDraft(box, text);
    return { ok: true };
  } catch {
    return failed('write-failed');
  }
}

/** Focuses the box and fires the input event the webmail's editor listens to. */
export function announceInput(box: HTMLElement, doc: Document): void {
  box.focus();
  const view = doc.defaultView;
  const event = view?.InputEvent
    ? new view.InputEvent('input', { bubbles: true, inputType: 'insertText' })
    : new Event('input', { bubbles: true });
  box.dispatchEvent(event);
}

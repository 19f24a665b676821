// @vitest-environment happy-dom
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import type { InsertResult } from '../messages';
import { runContentScript, type RunnerContext, type RunnerRuntime } from './content-runner';

// The content script parses every message it receives (lib/messages/to-content.ts): a malformed
// one is refused with the field that failed, and does nothing to the page.

const EXTENSION = 'our-extension';
let windows: Window[] = [];
afterEach(async () => {
  for (const w of windows) await w.happyDOM.close();
  windows = [];
});

function start() {
  const window = new Window({ url: 'https://mail.google.com/mail/u/0/#inbox/abc' });
  windows.push(window);
  window.document.body.innerHTML = '<div>inbox</div>';
  const sent: unknown[] = [];
  const inserted: string[] = [];
  const reads: { from?: unknown }[] = [];
  let listener: Parameters<RunnerRuntime['onMessage']['addListener']>[0] = () => undefined;
  const runtime: RunnerRuntime = {
    id: EXTENSION,
    sendMessage: async (message) => void sent.push(message),
    onMessage: { addListener: (l) => (listener = l) },
  };
  const ctx: RunnerContext = {
    setTimeout: () => 0,
    setInterval: () => 0,
    addEventListener: () => undefined,
    onInvalidated: () => undefined,
  };
  runContentScript(
    ctx,
    runtime,
    {
      read: (_doc, _loc, hints) => {
        reads.push(hints ?? {});
        return { kind: 'inbox', webmail: 'gmail' } as never;
      },
      insertReply: async (_doc, text) => {
        inserted.push(text);
        return { ok: true };
      },
      attributes: [],
    },
    {
      document: window.document as unknown as Document,
      location: window.location as unknown as Location,
      window: window as unknown as globalThis.Window,
    },
  );
  /** Delivers a message as the browser would, and resolves with the answer (undefined: none). */
  const deliver = (message: unknown, from = EXTENSION) =>
    new Promise<InsertResult | undefined>((resolve) => {
      const async = listener(message, { id: from }, resolve);
      if (async !== true) setTimeout(() => resolve(undefined), 0);
    });
  return { sent, inserted, reads, deliver };
}

describe('the content script receiving a message', () => {
  it('refuses a malformed message with the field that failed, and does nothing', async () => {
    const page = start();
    const readsBefore = page.reads.length;
    expect(await page.deliver({ type: 'compose/insert', text: 42 })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^refused: text /),
    });
    expect(await page.deliver({ type: 'compose/insert', text: 'x'.repeat(50_001) })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^refused: text /),
    });
    expect(await page.deliver({ type: 'page/pick-sender', email: 'not an address' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^refused: email /),
    });
    expect(await page.deliver({ type: 'erase/everything' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^refused: type /),
    });
    expect(await page.deliver('page/report')).toMatchObject({ ok: false });
    expect(await page.deliver(null)).toMatchObject({ ok: false });
    expect(page.inserted).toEqual([]);
    expect(page.reads.length).toBe(readsBefore);
  });

  it('ignores other extensions, and does what a well-formed message asks', async () => {
    const page = start();
    expect(
      await page.deliver({ type: 'compose/insert', text: 'Hello' }, 'another-extension'),
    ).toBeUndefined();
    expect(page.inserted).toEqual([]);
    expect(await page.deliver({ type: 'compose/insert', text: 'Dear Hans,' })).toEqual({ ok: true });
    expect(page.inserted).toEqual(['Dear Hans,']);
    await page.deliver({ type: 'page/pick-sender', email: 'Hans@Mueller-Bau.de', name: 'Hans' });
    expect(page.reads.at(-1)).toEqual({ from: { name: 'Hans', email: 'hans@mueller-bau.de' } });
  });
});

// @vitest-environment happy-dom
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import type { InsertResult } from '../messages';
import { PAGE_PORT } from '../messages';
import { runContentScript, type RunnerContext, type RunnerPort, type RunnerRuntime } from './content-runner';

// The content script parses every message it receives (lib/messages/to-content.ts): a malformed
// one is refused with the field that failed, and does nothing to the page.

const EXTENSION = 'our-extension';
let windows: Window[] = [];
afterEach(async () => {
  for (const w of windows) await w.happyDOM.close();
  windows = [];
});

/** A background end that records the ports opened to it; each can be closed as a stopped worker closes it. */
function background() {
  const ports: { name: string; received: unknown[]; open: boolean; close(): void; throwOnPost?: boolean }[] =
    [];
  const connect = (info: { name: string }): RunnerPort => {
    const closers: (() => void)[] = [];
    const port = {
      name: info.name,
      received: [] as unknown[],
      open: true,
      throwOnPost: false,
      close() {
        port.open = false;
        for (const c of closers) c();
      },
    };
    ports.push(port);
    return {
      postMessage(message) {
        if (!port.open || port.throwOnPost) throw new Error('Attempting to use a disconnected port object');
        port.received.push(message);
      },
      onDisconnect: { addListener: (l) => void closers.push(l) },
    };
  };
  return { ports, connect };
}

function start(bg?: ReturnType<typeof background>) {
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
    ...(bg ? { connect: bg.connect } : {}),
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

describe("the content script's reports", () => {
  it('go over one long-lived port, opened again only by the first report after the worker closed it', async () => {
    const bg = background();
    const page = start(bg);
    await page.deliver({ type: 'page/report' });
    await page.deliver({ type: 'page/report' });
    // One port for the page's reports, no one-off messages.
    expect(bg.ports.map((p) => p.name)).toEqual([PAGE_PORT]);
    expect(bg.ports[0]!.received).toHaveLength(3);
    expect(bg.ports[0]!.received.every((m) => (m as { type: string }).type === 'page/state')).toBe(true);
    expect(page.sent).toEqual([]);

    // The worker stops: the port closes, and nothing opens another (that would wake the worker).
    bg.ports[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bg.ports).toHaveLength(1);
    // The next report opens a new port and arrives on it.
    await page.deliver({ type: 'page/report' });
    expect(bg.ports).toHaveLength(2);
    expect(bg.ports[1]!.received).toHaveLength(1);
  });

  it('are sent again on a new port when the port closed as they were sent', async () => {
    const bg = background();
    const page = start(bg);
    // Closed under the page without its close being heard yet (the worker stopping as it sends).
    bg.ports[0]!.throwOnPost = true;
    await page.deliver({ type: 'page/report' });
    expect(bg.ports).toHaveLength(2);
    expect(bg.ports[1]!.received).toHaveLength(1);
  });
});

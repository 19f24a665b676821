// @vitest-environment happy-dom
import { act, useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PANEL_PORT, type PanelView } from '@/lib/messages';
import { cleanup, render, settle } from '@/test/support/render';
import { usePanelView } from './usePanelView';

let shown: PanelView | undefined;

function Probe({ onView }: { onView: (view: PanelView | undefined) => void }) {
  const { view } = usePanelView();
  useEffect(() => onView(view), [view, onView]);
  return null;
}
const record = (next: PanelView | undefined) => {
  shown = next;
};

const view = (tabId: number | null): PanelView => ({ tabId, state: null, card: null, error: null });

beforeEach(() => {
  fakeBrowser.reset();
  shown = undefined;
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("the panel's view", () => {
  it('keeps a broadcast that arrives while an older question is still being answered', async () => {
    let answer: (view: PanelView) => void = () => {};
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(
      () => new Promise((resolve) => (answer = resolve)) as never,
    );
    render(<Probe onView={record} />);
    await settle();
    // The Gmail tab closes while the background still builds the card it asked for.
    await act(async () => {
      await Promise.all(
        await fakeBrowser.runtime.onMessage.trigger({ type: 'panel/changed', view: view(null) }, {}),
      );
    });
    expect(shown).toEqual(view(null));
    await act(async () => answer(view(7)));
    expect(shown).toEqual(view(null));
  });

  it('takes the answer when no broadcast came in between', async () => {
    let answer: (view: PanelView) => void = () => {};
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(
      () => new Promise((resolve) => (answer = resolve)) as never,
    );
    render(<Probe onView={record} />);
    await settle();
    await act(async () => answer(view(7)));
    expect(shown).toEqual(view(7));
  });

  it('shows the views on its port, and after the port closed, a broadcast view, then connects again', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() => new Promise(() => {}) as never);
    const ports: { name: string; deliver(m: unknown): void; close(): void }[] = [];
    vi.spyOn(fakeBrowser.runtime, 'connect').mockImplementation(((info: { name: string }) => {
      const messages: ((m: unknown) => void)[] = [];
      const closes: (() => void)[] = [];
      ports.push({
        name: info.name,
        deliver: (m) => messages.forEach((l) => l(m)),
        close: () => closes.forEach((l) => l()),
      });
      return {
        onMessage: { addListener: (l: (m: unknown) => void) => void messages.push(l) },
        onDisconnect: { addListener: (l: () => void) => void closes.push(l) },
        disconnect: () => undefined,
      };
    }) as never);
    render(<Probe onView={record} />);
    await settle();
    expect(ports.map((p) => p.name)).toEqual([PANEL_PORT]);
    await act(async () => ports[0]!.deliver({ type: 'panel/changed', view: view(7) }));
    expect(shown).toEqual(view(7));
    // The worker stopped: the port closed, and the panel waits (reopening would restart the worker).
    await act(async () => ports[0]!.close());
    expect(ports).toHaveLength(1);
    // The worker started again and broadcasts, as no panel is connected: shown, and the port reopened.
    await act(async () => {
      await Promise.all(
        await fakeBrowser.runtime.onMessage.trigger({ type: 'panel/changed', view: view(8) }, {}),
      );
    });
    expect(shown).toEqual(view(8));
    expect(ports).toHaveLength(2);
    await act(async () => ports[1]!.deliver({ type: 'panel/changed', view: view(9) }));
    expect(shown).toEqual(view(9));
    // A broadcast while it holds a port: the background does not know that port (not registered
    // yet, or gone): taken, and the port opened anew (the background then sends its view first).
    await act(async () => {
      await Promise.all(
        await fakeBrowser.runtime.onMessage.trigger({ type: 'panel/changed', view: view(10) }, {}),
      );
    });
    expect(shown).toEqual(view(10));
    expect(ports).toHaveLength(3);
  });
});

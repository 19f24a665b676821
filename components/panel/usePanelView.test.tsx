// @vitest-environment happy-dom
import { act, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PanelView } from '@/lib/messages';
import { usePanelView } from './usePanelView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;
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
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.restoreAllMocks();
});

describe("the panel's view", () => {
  it('keeps a broadcast that arrives while an older question is still being answered', async () => {
    let answer: (view: PanelView) => void = () => {};
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(
      () => new Promise((resolve) => (answer = resolve)) as never,
    );
    await act(async () => root.render(<Probe onView={record} />));
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
    await act(async () => root.render(<Probe onView={record} />));
    await act(async () => answer(view(7)));
    expect(shown).toEqual(view(7));
  });
});

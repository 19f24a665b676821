// @vitest-environment happy-dom
import { act, useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PanelView } from '@/lib/messages';
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
});

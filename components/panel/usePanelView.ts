import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground, broadcastView, type PanelView } from '@/lib/messages';

/**
 * The side panel's view of the open webmail tab, kept current by the
 * background's broadcasts: the background updates the card when the change feed
 * says a record it shows was written, from any page. `undefined` while loading.
 */
export function usePanelView(): {
  view: PanelView | undefined;
  failed: boolean;
  refresh: () => Promise<void>;
} {
  const [view, setView] = useState<PanelView | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    // A broadcast is the newest word: an answer to a question asked before it arrived may have been
    // built from an older state (a card still being read when its tab closed), so it is dropped.
    let broadcasts = 0;
    const ask = (onFailure: () => void) => {
      const askedAt = broadcasts;
      askBackground(browser.runtime, { type: 'panel/get' }).then(
        (next) => live && askedAt === broadcasts && setView(next),
        () => live && onFailure(),
      );
    };
    // A broadcast view the panel cannot accept comes back as a could-not-read notice naming the
    // field, and replaces the card: the previous email's card never stays up (issue 16).
    const listener = (message: unknown) => {
      const next = broadcastView(message);
      if (!next || !live) return;
      broadcasts++;
      setView(next);
    };
    browser.runtime.onMessage.addListener(listener);
    ask(() => setFailed(true));
    return () => {
      live = false;
      browser.runtime.onMessage.removeListener(listener);
    };
  }, []);

  const refresh = useCallback(async () => {
    setView(await askBackground(browser.runtime, { type: 'panel/refresh' }));
  }, []);

  return { view, failed, refresh };
}

import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground, broadcastView, type PanelView } from '@/lib/messages';

/**
 * The side panel's view of the open webmail tab. The background sends every view it makes (the
 * card built once per opened message, then updated when the change feed says a record it shows
 * was written, from any page), in order; the panel asks once, for a panel opened after the last
 * one was sent, and never again. `undefined` while loading.
 */
export function usePanelView(): { view: PanelView | undefined; failed: boolean } {
  const [view, setView] = useState<PanelView | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    // A broadcast view the panel cannot accept comes back as a could-not-read notice naming the
    // field, and replaces the card: the previous email's card never stays up.
    const listener = (message: unknown) => {
      const next = broadcastView(message);
      if (next && live) setView(next);
    };
    browser.runtime.onMessage.addListener(listener);
    // Every view the background holds was also sent: one that came while the question was on its
    // way is at least as new as the answer, so the answer only fills a panel that has none.
    askBackground(browser.runtime, { type: 'panel/get' }).then(
      (next) => live && setView((current) => current ?? next),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      browser.runtime.onMessage.removeListener(listener);
    };
  }, []);

  return { view, failed };
}

import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground, broadcastView, PANEL_PORT, type PanelView } from '@/lib/messages';

interface ViewPort {
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

/**
 * The side panel's view of the open webmail tab. The background sends every view it makes (the
 * card built once per opened message, then updated when the change feed says a record it shows
 * was written, from any page), in order; the panel asks once, for a panel opened after the last
 * one was sent, and never again. `undefined` while loading.
 *
 * Views come on the panel's port (lib/background/panel-port.ts), opened when the panel starts;
 * when the worker stops the port closes, and the background broadcasts the next view: the panel
 * takes it and opens the port again (only then: a port reopened at once would restart the worker),
 * and the background sends the view in hand on it first.
 */
export function usePanelView(): { view: PanelView | undefined; failed: boolean } {
  const [view, setView] = useState<PanelView | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    let port: ViewPort | null = null;
    // A view the panel cannot accept comes back as a could-not-read notice naming the field, and
    // replaces the card: the previous email's card never stays up.
    const take = (message: unknown) => {
      const next = broadcastView(message);
      if (next && live) {
        setView(next);
        received(next);
      }
      return next;
    };
    const connect = () => {
      try {
        const opened = browser.runtime.connect({ name: PANEL_PORT }) as ViewPort;
        opened.onMessage.addListener(take);
        opened.onDisconnect.addListener(() => {
          void browser.runtime.lastError;
          if (port === opened) port = null;
        });
        port = opened;
      } catch {
        // No port here (the extension is being reloaded): views still come as broadcasts.
        port = null;
      }
    };
    // The background broadcasts only when it holds no panel port: the panel's port closed with a
    // stopped worker, or is not registered yet. The broadcast is taken and the port opened anew;
    // the background sends the view in hand first on it, so a broadcast that arrives late, after
    // a newer view, is followed by the newest one.
    const listener = (message: unknown) => {
      if (!take(message) || !live) return;
      port?.disconnect();
      port = null;
      connect();
    };
    browser.runtime.onMessage.addListener(listener);
    connect();
    // Every view the background holds was also sent: one that came while the question was on its
    // way is at least as new as the answer, so the answer only fills a panel that has none.
    askBackground(browser.runtime, { type: 'panel/get' }).then(
      (next) => live && setView((current) => current ?? next),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      browser.runtime.onMessage.removeListener(listener);
      port?.disconnect();
    };
  }, []);

  return { view, failed };
}

/** The User Timing mark of each view the panel takes (the benchmark times the hops by it). */
export const VIEW_MARK = 'view:received';

/** Marks a view's arrival with its sender's address; the oldest marks go past a few hundred. */
function received(view: PanelView): void {
  if (typeof performance === 'undefined' || !performance.mark) return;
  if (performance.getEntriesByName(VIEW_MARK).length >= 200) performance.clearMarks(VIEW_MARK);
  performance.mark(VIEW_MARK, { detail: view.card?.counterpart.email ?? '' });
}

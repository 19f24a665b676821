import { Dexie, type ObservabilitySet } from 'dexie';
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { DB_NAME } from '@/lib/db/db';
import { askBackground, PageBroadcastSchema, type PanelView } from '@/lib/messages';

/**
 * Book changes that alter a card: any, the derived value figures included, since the background
 * writes a company's new value there after a page's edit (a card read that fills a missing or old
 * row causes one more read, which finds it fresh).
 */
export function changesCard(parts: ObservabilitySet): boolean {
  return Object.keys(parts).some((part) => part.startsWith(`idb://${DB_NAME}/`));
}

/**
 * The side panel's view of the open webmail tab, kept current by the
 * background's broadcasts. `undefined` while loading.
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
    const listener = (message: unknown) => {
      const parsed = PageBroadcastSchema.safeParse(message);
      if (!parsed.success || !live) return;
      broadcasts++;
      setView(parsed.data.view);
    };
    browser.runtime.onMessage.addListener(listener);
    ask(() => setFailed(true));
    // Edits from any page (an order added here, a restore in the options page) redraw the card.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const onMutated = (parts: ObservabilitySet) => {
      if (!changesCard(parts)) return;
      clearTimeout(pending);
      pending = setTimeout(() => ask(() => undefined), 150);
    };
    Dexie.on('storagemutated', onMutated);
    return () => {
      live = false;
      clearTimeout(pending);
      Dexie.on.storagemutated.unsubscribe(onMutated);
      browser.runtime.onMessage.removeListener(listener);
    };
  }, []);

  const refresh = useCallback(async () => {
    setView(await askBackground(browser.runtime, { type: 'panel/refresh' }));
  }, []);

  return { view, failed, refresh };
}

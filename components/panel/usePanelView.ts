import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground, PageBroadcastSchema, type PanelView } from '@/lib/messages';

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
    const listener = (message: unknown) => {
      const parsed = PageBroadcastSchema.safeParse(message);
      if (parsed.success && live) setView(parsed.data.view);
    };
    browser.runtime.onMessage.addListener(listener);
    askBackground(browser.runtime, { type: 'panel/get' }).then(
      (next) => live && setView(next),
      () => live && setFailed(true),
    );
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

import { Dexie, type ObservabilitySet } from 'dexie';
import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import type { IntakeMail } from '@/lib/anymail/intake';
import { DB_NAME } from '@/lib/db/db';
import { askBackground, type PanelView } from '@/lib/messages';

/** A write to the book may change a dropped email's card (it is not the open tab's, so no broadcast covers it). */
function changesCard(parts: ObservabilitySet): boolean {
  return Object.keys(parts).some((part) => part.startsWith(`idb://${DB_NAME}/`));
}

export interface DroppedMail {
  mail: IntakeMail;
  /** The file's name, or '' for pasted source. */
  name: string;
  view: PanelView;
}

/**
 * The card of an email dropped or pasted into the panel, built by the background as for an open
 * one, and kept current as the book changes (a contact created, a log written) until the rep
 * closes it.
 */
export function useDroppedMail() {
  const [dropped, setDropped] = useState<DroppedMail | null>(null);
  const current = useRef<DroppedMail | null>(null);
  useEffect(() => {
    current.current = dropped;
  }, [dropped]);

  const build = useCallback(
    (mail: IntakeMail) =>
      askBackground(browser.runtime, { type: 'anymail/card', inquiry: mail.state.inquiry, raw: mail.raw }),
    [],
  );

  const open = useCallback(
    async (mail: IntakeMail, name: string) => setDropped({ mail, name, view: await build(mail) }),
    [build],
  );

  const refresh = useCallback(async () => {
    const shown = current.current;
    if (!shown) return;
    const view = await build(shown.mail);
    // The rep may have closed it or dropped another meanwhile.
    if (current.current?.mail === shown.mail) setDropped({ ...shown, view });
  }, [build]);

  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const onMutated = (parts: ObservabilitySet) => {
      if (!current.current || !changesCard(parts)) return;
      clearTimeout(pending);
      pending = setTimeout(() => void refresh().catch(() => undefined), 150);
    };
    Dexie.on('storagemutated', onMutated);
    return () => {
      clearTimeout(pending);
      Dexie.on.storagemutated.unsubscribe(onMutated);
    };
  }, [refresh]);

  return { dropped, open, refresh, close: useCallback(() => setDropped(null), []) };
}

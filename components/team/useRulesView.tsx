import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { askRules } from '@/lib/team/messages';

// One view the team server answers through the background (the pool, the manager's
// overview), checked against its schema; 'error' when it cannot be had.

export type RulesView<T> = T | null | 'error';

/** Asked when `when` is truthy, and again each time it changes. */
export function useRulesView<T>(
  type: 'rules/pool' | 'rules/overview',
  schema: z.ZodType<T>,
  when: unknown,
): [RulesView<T>, () => Promise<void>] {
  const [view, setView] = useState<RulesView<T>>(null);
  const fetchView = async (): Promise<T | 'error'> => {
    const answer = await askRules(browser.runtime, { type }).catch(() => null);
    const parsed = answer?.ok ? schema.safeParse(answer.data) : null;
    return parsed?.success ? parsed.data : 'error';
  };
  const reload = async () => setView(await fetchView());
  useEffect(() => {
    if (!when) return;
    let live = true;
    void fetchView().then((answer) => live && setView(answer));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [when, type]);
  return [view, reload];
}

/** The server could not be reached: said, with a button to ask again. */
export function Unreachable({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert">
      {t('pool.errors.unreachable')}{' '}
      <button type="button" onClick={onRetry}>
        {t('pool.retry')}
      </button>
    </p>
  );
}

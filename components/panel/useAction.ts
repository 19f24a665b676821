import { createElement, useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Runs a user action with one error wrapper: `busy` while it runs, and a
 * message the rep can read when it fails (nothing is ever lost silently).
 * An error with a known code (panel.errors.*) reads as its translation; any
 * other reads as a translated generic message, with the raw text as a
 * secondary detail, so a Chinese panel never leads with English.
 */
export function useAction() {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReactNode>(null);

  const run = useCallback(
    async <T>(action: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await action();
      } catch (e) {
        const name = e instanceof Error ? e.name : '';
        const message = e instanceof Error ? e.message : String(e);
        if (name === 'QuotaExceededError' || /quota/i.test(message)) setError(t('panel.errors.quota'));
        else if (message && i18n.exists(`panel.errors.${message}`))
          setError(t('common.error', { message: t(`panel.errors.${message}`) }));
        else if (!message) setError(t('common.errorGeneric'));
        else
          setError(errorWithDetail(t('common.errorGeneric'), t('common.errorDetail', { detail: message })));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [t, i18n],
  );

  return { busy, error, run, clearError: () => setError(null) };
}

/** A translated message, then the raw detail in smaller type (inline, so it fits in any <p>). */
export function errorWithDetail(message: string, detail: string): ReactNode {
  return createElement(
    'span',
    null,
    message,
    ' ',
    createElement('small', { className: 'hint', 'data-testid': 'error-detail' }, detail),
  );
}

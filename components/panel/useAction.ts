import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Runs a user action with one error wrapper: `busy` while it runs, and a
 * message the rep can read when it fails (nothing is ever lost silently).
 */
export function useAction() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async <T>(action: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await action();
      } catch (e) {
        const name = e instanceof Error ? e.name : '';
        const message = e instanceof Error ? e.message : String(e);
        setError(
          name === 'QuotaExceededError' || /quota/i.test(message)
            ? t('panel.errors.quota')
            : t('common.error', { message: t(`panel.errors.${message}`, { defaultValue: message }) }),
        );
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  return { busy, error, run, clearError: () => setError(null) };
}

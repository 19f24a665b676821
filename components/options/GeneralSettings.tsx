import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { LanguageSwitch } from '../I18nRoot';
import { currentRep, readCurrentRep, renameRep } from '@/lib/db/book';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { getPreferences, setPreferences } from '@/lib/storage';
import { useAction } from '../panel/useAction';

/** Language, the "no reply yet" delay and who this browser's rep is. */
export function GeneralSettings({ db = defaultDb }: { db?: CrmDb }) {
  const { t } = useTranslation();
  const { error, run } = useAction();
  const [days, setDays] = useState<string>('');
  const [saved, setSaved] = useState(false);
  // A live query may not write, so the rep is created (on a fresh book) outside it and only read inside.
  const rep = useLiveQuery(() => readCurrentRep(db), [db]);
  const [repName, setRepName] = useState<string | null>(null);

  useEffect(() => {
    void getPreferences().then((p) => setDays(String(p.noReplyDays)));
    void run(() => currentRep(db));
  }, [db, run]);

  const save = () =>
    run(async () => {
      const value = Number(days);
      if (!Number.isInteger(value) || value < 1 || value > 60) throw new Error('invalid-days');
      await setPreferences({ noReplyDays: value });
      if (rep && repName !== null && repName.trim()) await renameRep(db, rep.id, repName);
      setSaved(true);
    });

  return (
    <form
      className="settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {t('common.language')}
        <LanguageSwitch />
      </label>
      <label>
        {t('options.general.repName')}
        <input
          value={repName ?? rep?.name ?? ''}
          placeholder={t('options.general.repNamePlaceholder')}
          onChange={(e) => {
            setRepName(e.target.value);
            setSaved(false);
          }}
          data-testid="rep-name"
          disabled={!rep}
        />
      </label>
      <label>
        {t('options.general.noReplyDays')}
        <input
          type="number"
          min={1}
          max={60}
          value={days}
          onChange={(e) => {
            setDays(e.target.value);
            setSaved(false);
          }}
          data-testid="no-reply-days"
        />
      </label>
      <button type="submit" className="primary">
        {t('common.save')}
      </button>
      {saved && <span className="hint"> {t('options.general.saved')}</span>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

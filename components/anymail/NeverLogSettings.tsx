import './anymail.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { readCurrentRep } from '@/lib/db/book';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { ownDomainsOf, parseEntry, type PrivacySettings } from '@/lib/privacy/neverLog';
import { getPrivacy, setPrivacy } from '@/lib/storage';
import { useAction } from '../panel/useAction';

/** One list of addresses or domains: add with Enter or the button, remove each with its button. */
function EntryList({
  id,
  entries,
  domainsOnly,
  onChange,
}: {
  id: string;
  entries: string[];
  domainsOnly: boolean;
  onChange: (next: string[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);

  const add = async () => {
    const entry = parseEntry(draft);
    if (!entry || (domainsOnly && entry.kind !== 'domain')) {
      setInvalid(true);
      return;
    }
    setDraft('');
    if (!entries.includes(entry.value)) await onChange([...entries, entry.value]);
  };

  return (
    <div className="entry-list" data-testid={id}>
      {entries.length === 0 ? (
        <p className="empty">{t('anymail.neverLog.none')}</p>
      ) : (
        <ul>
          {entries.map((entry) => (
            <li key={entry}>
              <span data-testid="entry">{entry}</span>{' '}
              <button
                type="button"
                className="link danger"
                aria-label={t('anymail.neverLog.remove', { entry })}
                onClick={() => void onChange(entries.filter((e) => e !== entry))}
              >
                {t('common.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="entry-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          value={draft}
          aria-invalid={invalid}
          aria-label={domainsOnly ? t('anymail.neverLog.addDomain') : t('anymail.neverLog.addEntry')}
          placeholder={domainsOnly ? 'brightway-group.cn' : t('anymail.neverLog.placeholder')}
          data-testid={`${id}-input`}
          onChange={(e) => {
            setDraft(e.target.value);
            setInvalid(false);
          }}
        />{' '}
        <button type="submit" data-testid={`${id}-add`} disabled={!draft.trim()}>
          {t('anymail.neverLog.add')}
        </button>
        {invalid && (
          <p role="alert" className="error" data-testid={`${id}-invalid`}>
            {domainsOnly ? t('anymail.neverLog.invalidDomain') : t('anymail.neverLog.invalid')}
          </p>
        )}
      </form>
    </div>
  );
}

/** The never-log list and the company's own domains (options page, Never log). */
export function NeverLogSettings({ db = defaultDb }: { db?: CrmDb }) {
  const { t } = useTranslation();
  const { error, run } = useAction();
  const [settings, setSettings] = useState<PrivacySettings | null>(null);
  const [saved, setSaved] = useState(false);
  const rep = useLiveQuery(() => readCurrentRep(db), [db]);
  const mailboxDomain = rep?.email ? ownDomainsOf({ neverLog: [], ownDomains: [] }, rep.email)[0] : undefined;

  useEffect(() => {
    void run(async () => setSettings(await getPrivacy()));
  }, [run]);

  const save = (patch: Partial<PrivacySettings>) =>
    run(async () => {
      setSaved(false);
      setSettings(await setPrivacy({ ...settings!, ...patch }));
      setSaved(true);
    }).then(() => undefined);

  if (!settings) return <p className="loading">{t('common.loading')}</p>;
  return (
    <div className="settings never-log" data-testid="never-log-settings">
      <p>{t('anymail.neverLog.intro')}</p>
      <h3>{t('anymail.neverLog.listTitle')}</h3>
      <p className="hint">{t('anymail.neverLog.listHint')}</p>
      <EntryList
        id="never-log"
        entries={settings.neverLog}
        domainsOnly={false}
        onChange={(neverLog) => save({ neverLog })}
      />
      <h3>{t('anymail.neverLog.ownTitle')}</h3>
      <p className="hint">{t('anymail.neverLog.ownHint')}</p>
      {mailboxDomain && (
        <p data-testid="mailbox-domain">{t('anymail.neverLog.mailboxDomain', { domain: mailboxDomain })}</p>
      )}
      <EntryList
        id="own-domains"
        entries={settings.ownDomains}
        domainsOnly
        onChange={(ownDomains) => save({ ownDomains })}
      />
      {saved && (
        <p className="hint" role="status" data-testid="never-log-saved">
          {t('anymail.neverLog.saved')}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

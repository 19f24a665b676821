import './anymail.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import {
  companyRecords,
  contactRecords,
  countsOf,
  findSubjects,
  forgetContact,
  forgetExport,
  type KeptSubject,
} from '@/lib/privacy/kept';
import { saveBlob } from '../handover/download';
import { useAction } from '../panel/useAction';

/** Dates as the rep reads them, in the page's language. */
function useDate() {
  const { i18n } = useTranslation();
  return (at: number | undefined) =>
    at
      ? new Date(at).toLocaleDateString(i18n.language, { year: 'numeric', month: 'short', day: 'numeric' })
      : '—';
}

function saveFile(text: string, name: string): void {
  saveBlob(new Blob([text], { type: 'application/json' }), name);
}

/** A kind of record with how many there are and their dates, newest first. */
function KindRow({ kind, items }: { kind: string; items: { id: string; at: number; text: string }[] }) {
  const { t } = useTranslation();
  const date = useDate();
  const sorted = [...items].sort((a, b) => b.at - a.at);
  return (
    <details className="kept-kind" data-testid={`kept-${kind}`} data-count={items.length}>
      <summary>{t(`anymail.kept.kinds.${kind}`, { count: items.length })}</summary>
      {sorted.length > 0 && (
        <ul>
          {sorted.slice(0, 200).map((item) => (
            <li key={item.id}>
              <time>{date(item.at)}</time> {item.text}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function ContactDetail({
  db,
  id,
  onForgotten,
}: {
  db: CrmDb;
  id: string;
  onForgotten: (name: string) => void;
}) {
  const { t } = useTranslation();
  const date = useDate();
  const { busy, error, run } = useAction();
  const records = useLiveQuery(() => contactRecords(db, id), [db, id]);
  const [confirming, setConfirming] = useState(false);
  const [exported, setExported] = useState(false);
  if (records === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (records === null) return null;
  const { contact, company, interactions, reminders, other } = records;
  const counts = countsOf(records);

  const forget = () =>
    run(async () => {
      const done = await forgetContact(db, contact.id);
      // The background revalues and reschedules alarms from the change feed.
      if (!done) return;
      onForgotten(contact.name || contact.emails[0] || '');
    });

  return (
    <section className="kept-detail" data-testid="kept-contact" aria-label={contact.name}>
      <h3>{contact.name || contact.emails[0]}</h3>
      <dl>
        <dt>{t('anymail.kept.addresses')}</dt>
        <dd>{contact.emails.join(', ')}</dd>
        {contact.phones.length > 0 && (
          <>
            <dt>{t('anymail.kept.phones')}</dt>
            <dd>{contact.phones.join(', ')}</dd>
          </>
        )}
        <dt>{t('anymail.kept.company')}</dt>
        <dd>{company?.name ?? t('anymail.kept.noCompany')}</dd>
        <dt>{t('anymail.kept.created')}</dt>
        <dd>{date(contact.createdAt)}</dd>
        <dt>{t('anymail.kept.updated')}</dt>
        <dd>{date(contact.updatedAt)}</dd>
      </dl>
      <KindRow
        kind="interactions"
        items={interactions.map((i) => ({ id: i.id, at: i.at, text: i.subject || i.summary }))}
      />
      <KindRow kind="reminders" items={reminders.map((r) => ({ id: r.id, at: r.dueAt, text: r.title }))} />
      {Object.entries(other).map(([table, rows]) => (
        <p key={table} data-testid={`kept-other-${table}`}>
          {t('anymail.kept.other', { table, count: rows.length })}
        </p>
      ))}
      {!confirming ? (
        <button
          type="button"
          className="danger"
          data-testid="forget-start"
          onClick={() => setConfirming(true)}
        >
          {t('anymail.forget.start')}
        </button>
      ) : (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby="forget-title"
          data-testid="forget-confirm"
        >
          <p id="forget-title">
            <strong>{t('anymail.forget.title', { name: contact.name || contact.emails[0] })}</strong>
          </p>
          <p data-testid="forget-counts">
            {t('anymail.forget.counts', {
              interactions: counts.interactions,
              reminders: counts.reminders,
              other: Object.values(counts.other).reduce((a, b) => a + b, 0),
            })}
          </p>
          <p className="hint">
            {company
              ? t('anymail.forget.companyStays', { company: company.name })
              : t('anymail.forget.noUndo')}
          </p>
          <p>
            <button
              type="button"
              data-testid="forget-export"
              onClick={() => {
                saveFile(forgetExport(records), `forgotten-${contact.emails[0] ?? contact.id}.json`);
                setExported(true);
              }}
            >
              {t('anymail.forget.export')}
            </button>
            {exported && <span className="hint"> {t('anymail.forget.exported')}</span>}
          </p>
          <p>
            <button
              type="button"
              className="danger"
              data-testid="forget-confirm-delete"
              disabled={busy}
              onClick={() => void forget()}
            >
              {t('anymail.forget.confirm')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
              {t('common.cancel')}
            </button>
          </p>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

function CompanyDetail({ db, id, onPick }: { db: CrmDb; id: string; onPick: (s: KeptSubject) => void }) {
  const { t } = useTranslation();
  const date = useDate();
  const records = useLiveQuery(() => companyRecords(db, id), [db, id]);
  if (records === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (records === null) return null;
  const { company, contacts, interactions, orders, reminders, valueComputedAt } = records;
  return (
    <section className="kept-detail" data-testid="kept-company" aria-label={company.name}>
      <h3>{company.name}</h3>
      <dl>
        <dt>{t('anymail.kept.domains')}</dt>
        <dd>{company.domains.join(', ') || '—'}</dd>
        <dt>{t('anymail.kept.created')}</dt>
        <dd>{date(company.createdAt)}</dd>
        <dt>{t('anymail.kept.updated')}</dt>
        <dd>{date(company.updatedAt)}</dd>
        <dt>{t('anymail.kept.valueComputed')}</dt>
        <dd>{valueComputedAt ? date(valueComputedAt) : t('anymail.kept.never')}</dd>
      </dl>
      <details className="kept-kind" data-testid="kept-contacts" data-count={contacts.length}>
        <summary>{t('anymail.kept.kinds.contacts', { count: contacts.length })}</summary>
        <ul>
          {contacts.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="link"
                onClick={() =>
                  onPick({ kind: 'contact', id: c.id, name: c.name, detail: c.emails.join(', ') })
                }
              >
                {c.name || c.emails[0]}
              </button>{' '}
              <span className="hint">{c.emails.join(', ')}</span>
            </li>
          ))}
        </ul>
      </details>
      <KindRow
        kind="interactions"
        items={interactions.map((i) => ({ id: i.id, at: i.at, text: i.subject || i.summary }))}
      />
      <KindRow
        kind="orders"
        items={orders.map((o) => ({
          id: o.id,
          at: o.date,
          text: `${o.reference ?? ''} ${o.amount.toLocaleString()} ${o.currency} · ${t(`anymail.kept.status.${o.status}`)}`.trim(),
        }))}
      />
      <KindRow kind="reminders" items={reminders.map((r) => ({ id: r.id, at: r.dueAt, text: r.title }))} />
    </section>
  );
}

/** What is kept, and forgetting (options page): look up anyone, see every record, forget a contact. */
export function KeptRecords({ db = defaultDb }: { db?: CrmDb }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<KeptSubject[] | null>(null);
  const [picked, setPicked] = useState<KeptSubject | null>(null);
  const [forgotten, setForgotten] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void findSubjects(db, query).then((found) => live && setMatches(query.trim() ? found : null));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [db, query]);

  return (
    <div className="kept" data-testid="kept">
      <p>{t('anymail.kept.intro')}</p>
      <label>
        {t('anymail.kept.search')}
        <input
          type="search"
          value={query}
          placeholder={t('anymail.kept.searchPlaceholder')}
          data-testid="kept-search"
          onChange={(e) => {
            setQuery(e.target.value);
            setForgotten(null);
          }}
        />
      </label>
      {forgotten !== null && (
        <p role="status" className="notice" data-testid="forgotten">
          {t('anymail.forget.done', { name: forgotten })}
        </p>
      )}
      {matches !== null &&
        (matches.length === 0 ? (
          <p className="empty" data-testid="kept-none">
            {t('anymail.kept.noMatch')}
          </p>
        ) : (
          <ul className="kept-matches" data-testid="kept-matches">
            {matches.map((m) => (
              <li key={`${m.kind}:${m.id}`}>
                <button
                  type="button"
                  className={picked?.id === m.id ? 'link active' : 'link'}
                  data-testid="kept-match"
                  onClick={() => setPicked(m)}
                >
                  {m.name || m.detail}
                </button>{' '}
                <span className="hint">
                  {t(`anymail.kept.${m.kind}`)} · {m.detail}
                </span>
              </li>
            ))}
          </ul>
        ))}
      {picked?.kind === 'contact' && (
        <ContactDetail
          key={picked.id}
          db={db}
          id={picked.id}
          onForgotten={(name) => {
            setPicked(null);
            setForgotten(name);
            void findSubjects(db, query).then(setMatches);
          }}
        />
      )}
      {picked?.kind === 'company' && (
        <CompanyDetail key={picked.id} db={db} id={picked.id} onPick={setPicked} />
      )}
    </div>
  );
}

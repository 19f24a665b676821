import { Fragment, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrmDb } from '@/lib/db/db';
import { INTENTS, type Intent } from '@/lib/db/types';
import type { ThreadPage } from '@/lib/metrics/dashboard';
import { loadContactNames } from '@/lib/metrics/load';
import { formatDateTime, formatDuration, formatNumber } from './format';
import { ExportCsv } from './ExportCsv';
import { Pager, type Paged } from './Pager';
import type { ThreadSource } from './useDashboardLoader';
import { ThreadTimeline } from './ThreadTimeline';

// Logged threads: the period's threads, newest activity first, filtered by intent
// and text (the rep filter is the page's), one page of PAGE_SIZE rows at a time so
// a period with tens of thousands of threads renders as fast as one with ten. The
// list itself stays where the view was measured (the loading worker): the table
// asks it for the page shown, filtered, so an all-time list of half a million
// threads never crosses to the page. Contact names are read for the rows shown
// only. A row is focusable; Enter, Space or a click opens its history under it.

export const PAGE_SIZE = 25;

/** Names of the contacts on the page shown, read by key when the page changes. */
function useContactNames(db: CrmDb, ids: string[]): Map<string, string> {
  const key = ids.join('\n');
  const [names, setNames] = useState<{ key: string; names: Map<string, string> }>({
    key: '',
    names: new Map(),
  });
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split('\n') : [];
    loadContactNames(db, wanted).then(
      (found) => live && setNames({ key, names: found }),
      () => undefined, // a name is a nicety: the row still shows without it
    );
    return () => {
      live = false;
    };
  }, [db, key]);
  return names.names;
}

/** The list's place while the period's threads are being listed (the first loading step shows figures only). */
export function ThreadsListing() {
  const { t } = useTranslation();
  return (
    <section className="dashboard-section" aria-labelledby="threads-title" data-testid="threads">
      <h2 id="threads-title">{t('dashboard.threads.title')}</h2>
      <p className="loading" role="status" data-testid="threads-listing">
        {t('dashboard.threads.listing')}
      </p>
    </section>
  );
}

export function ThreadsTable({
  db,
  threads,
  repId,
  repName,
}: {
  db: CrmDb;
  threads: ThreadSource;
  repId: string | undefined;
  repName: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [intent, setIntent] = useState<Intent | ''>('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);

  const [page, setPage] = useState(0);
  // The page last received; it stays on screen while the next is asked for.
  const [got, setGot] = useState<ThreadPage | null>(null);
  useEffect(() => {
    let live = true;
    threads({ repId, intent: intent || undefined, search, page, size: PAGE_SIZE }).then(
      (answer) => live && setGot(answer),
      () => undefined, // the list's load failed or was replaced: its error shows on the page
    );
    return () => {
      live = false;
    };
  }, [threads, repId, intent, search, page]);
  const paged: Paged<ThreadPage['rows'][number]> = useMemo(
    () => ({
      shown: got?.rows ?? [],
      page: got?.page ?? 0,
      pages: Math.max(1, Math.ceil((got?.total ?? 0) / PAGE_SIZE)),
      setPage,
      offset: (got?.page ?? 0) * PAGE_SIZE,
      total: got?.total ?? 0,
    }),
    [got],
  );
  const { shown } = paged;
  const contactIds = shown.flatMap((row) => (row.contactId && !row.contactName ? [row.contactId] : []));
  const contacts = useContactNames(db, contactIds);
  const toggle = (key: string) => setOpen((was) => (was === key ? null : key));
  const onKey = (e: KeyboardEvent, key: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle(key);
    }
  };
  const n = (x: number) => formatNumber(x, lang, 0);

  return (
    <section className="dashboard-section" aria-labelledby="threads-title" data-testid="threads">
      <h2 id="threads-title">{t('dashboard.threads.title')}</h2>
      <div className="filters">
        <label>
          {t('dashboard.filters.intent')}
          <select
            value={intent}
            data-testid="filter-intent"
            onChange={(e) => {
              setIntent(e.target.value as Intent | '');
              setPage(0);
            }}
          >
            <option value="">{t('dashboard.filters.allIntents')}</option>
            {INTENTS.map((i) => (
              <option key={i} value={i}>
                {t(`panel.intent.${i}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dashboard.filters.search')}
          <input
            type="search"
            value={search}
            data-testid="filter-search"
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(0);
            }}
          />
        </label>
      </div>
      <p className="hint">{t('dashboard.threads.expandHint')}</p>
      {got === null ? null : got.total === 0 ? (
        <p className="empty" data-testid="threads-none">
          {t('dashboard.threads.none')}
        </p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="threads" id="threads-table">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.threads.company')}</th>
                  <th scope="col">{t('dashboard.threads.contact')}</th>
                  <th scope="col">{t('dashboard.rep')}</th>
                  <th scope="col">{t('dashboard.threads.intents')}</th>
                  <th scope="col">{t('dashboard.threads.messages')}</th>
                  <th scope="col">{t('dashboard.threads.firstResponse')}</th>
                  <th scope="col">{t('dashboard.threads.lastActivity')}</th>
                  <th scope="col">{t('dashboard.threads.status')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => {
                  const expanded = open === row.key;
                  const q = row.inquiry;
                  return (
                    <Fragment key={row.key}>
                      <tr
                        tabIndex={0}
                        aria-expanded={expanded}
                        className={expanded ? 'thread-row open' : 'thread-row'}
                        data-testid="thread-row"
                        data-key={row.key}
                        onClick={() => toggle(row.key)}
                        onKeyDown={(e) => onKey(e, row.key)}
                      >
                        <td>
                          <span className="company">
                            {row.companyName ?? t('dashboard.threads.noCompany')}
                          </span>
                          {row.subject && <span className="subject">{row.subject}</span>}
                        </td>
                        <td>{row.contactName ?? (row.contactId ? contacts.get(row.contactId) : '') ?? ''}</td>
                        <td data-testid="thread-rep">{row.repIds.map(repName).join(', ')}</td>
                        <td>{row.intents.map((i) => t(`panel.intent.${i}`)).join(', ')}</td>
                        <td>{n(row.messages)}</td>
                        <td>
                          {!q
                            ? t('dashboard.noValue')
                            : q.respondedAt === undefined
                              ? t('dashboard.threads.noReply')
                              : formatDuration(q.respondedAt - q.at, lang)}
                        </td>
                        <td>{formatDateTime(row.lastAt, lang)}</td>
                        <td>
                          <span className={`status status-${row.status}`} data-status={row.status}>
                            {t(`dashboard.threads.statusName.${row.status}`)}
                          </span>
                        </td>
                      </tr>
                      {expanded && (
                        <tr className="thread-detail no-export">
                          <td colSpan={8}>
                            <ThreadTimeline db={db} thread={row} repName={repName} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager paged={paged} label={t('dashboard.threads.pages')}>
            <ExportCsv tableId="threads-table" name="threads" label={t('dashboard.export.page')} />
          </Pager>
        </>
      )}
    </section>
  );
}

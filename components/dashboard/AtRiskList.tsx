import { Fragment, useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrmDb } from '@/lib/db/db';
import {
  loadAtRiskDetails,
  loadCustomerHistory,
  type AtRiskDetail,
  type CustomerHistory,
} from '@/lib/metrics/atRisk';
import type { AtRiskRow } from '@/lib/metrics/picture';
import { formatMoney, reasonText } from '../value/reasonText';
import { ExportCsv } from './ExportCsv';
import { Pager, usePage } from './Pager';
import { formatDate, formatDateTime } from './format';

// The at-risk list: VIP, Key and Ordinary customers in decline, most value at
// stake (CLV) first, a page at a time. For the rows on screen the page reads
// each customer's decline signals, win-back action and last contact
// (lib/metrics/atRisk.ts); a row opens the customer's history under it (Enter,
// Space or a click). Names and history are rendered as text only.

export const AT_RISK_PAGE = 25;

function useDetails(db: CrmDb, rows: AtRiskRow[], bookSize: number, now: number) {
  const key = rows.map((r) => r.companyId).join('\n');
  const [details, setDetails] = useState<{ key: string; map: Map<string, AtRiskDetail> }>({
    key: '',
    map: new Map(),
  });
  useEffect(() => {
    let live = true;
    const ranks = new Map(rows.map((r) => [r.companyId, r.rank]));
    loadAtRiskDetails(
      db,
      key ? key.split('\n') : [],
      (id) => ({ rank: ranks.get(id) || bookSize, count: bookSize }),
      now,
    ).then(
      (map) => live && setDetails({ key, map }),
      () => live && setDetails({ key, map: new Map() }),
    );
    return () => {
      live = false;
    };
    // rows are keyed by their ids
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, key, bookSize, now]);
  return details.key === key ? details.map : null;
}

function History({
  db,
  companyId,
  repName,
}: {
  db: CrmDb;
  companyId: string;
  repName: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const [history, setHistory] = useState<CustomerHistory | null | 'failed'>(null);
  useEffect(() => {
    let live = true;
    loadCustomerHistory(db, companyId).then(
      (h) => live && setHistory(h),
      () => live && setHistory('failed'),
    );
    return () => {
      live = false;
    };
  }, [db, companyId]);
  if (history === 'failed')
    return (
      <p role="alert" className="error">
        {t('dashboard.threads.timelineFailed')}
      </p>
    );
  if (history === null)
    return (
      <p className="loading" role="status">
        {t('dashboard.threads.loadingTimeline')}
      </p>
    );
  return (
    <div className="thread-timeline" data-testid="customer-history">
      <h3>{t('dashboard.atRisk.history')}</h3>
      {history.interactions.length === 0 && <p className="hint">{t('dashboard.atRisk.noContacts')}</p>}
      <ol className="timeline">
        {history.interactions.map((x) => (
          <li key={x.id} data-testid="history-entry">
            <span className="when">{formatDateTime(x.at, i18n.language)}</span>
            <span className="what">
              {t(`panel.direction.${x.direction}`)} · {t(`panel.channel.${x.channel}`)} ·{' '}
              {t(`panel.intent.${x.intent}`)} · {repName(x.repId)}
            </span>
            {x.subject && <span className="detail subject">{x.subject}</span>}
            {x.summary && <span className="detail">{x.summary}</span>}
          </li>
        ))}
      </ol>
      {history.orders.length > 0 && (
        <>
          <h4>{t('dashboard.atRisk.orders')}</h4>
          <ul className="timeline">
            {history.orders.map((o) => (
              <li key={o.id} data-testid="history-order">
                <span className="when">{formatDate(o.date, i18n.language)}</span>
                <span className="what">
                  {formatMoney(o.amount, o.currency, i18n.language)} ·{' '}
                  {t(`value.orders.statusName.${o.status}`)}
                  {o.reference ? ` · ${o.reference}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function AtRiskList({
  db,
  rows,
  bookSize,
  currency,
  now,
  repName,
}: {
  db: CrmDb;
  rows: AtRiskRow[];
  bookSize: number;
  currency: string;
  now: number;
  repName: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [open, setOpen] = useState<string | null>(null);
  const paged = usePage(rows, AT_RISK_PAGE);
  const { shown } = paged;
  const details = useDetails(db, shown, bookSize, now);
  const toggle = (id: string) => setOpen((o) => (o === id ? null : id));
  const onKey = (event: KeyboardEvent, id: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggle(id);
    }
  };

  return (
    <section className="dashboard-section" aria-labelledby="at-risk-title" data-testid="at-risk">
      <h2 id="at-risk-title">{t('dashboard.atRisk.title')}</h2>
      <p className="hint">{t('dashboard.atRisk.definition')}</p>
      {rows.length === 0 ? (
        <p data-testid="at-risk-none">{t('dashboard.atRisk.none')}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table id="at-risk-table" className="at-risk">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.atRisk.customer')}</th>
                  <th scope="col">{t('dashboard.atRisk.atStake', { currency })}</th>
                  <th scope="col">{t('dashboard.atRisk.signals')}</th>
                  <th scope="col">{t('dashboard.rep')}</th>
                  <th scope="col">{t('dashboard.atRisk.lastContact')}</th>
                  <th scope="col">{t('dashboard.atRisk.action')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => {
                  const d = details?.get(r.companyId);
                  const isOpen = open === r.companyId;
                  return (
                    <Fragment key={r.companyId}>
                      <tr
                        className={`thread-row${isOpen ? ' open' : ''}`}
                        tabIndex={0}
                        aria-expanded={isOpen}
                        data-testid="at-risk-row"
                        data-company-id={r.companyId}
                        data-clv={r.clv}
                        onClick={() => toggle(r.companyId)}
                        onKeyDown={(e) => onKey(e, r.companyId)}
                      >
                        <th scope="row">
                          <span className="company">{r.name}</span>
                          <span className="badge">{t(`value.tier.${r.tier}`)}</span>
                        </th>
                        <td>{formatMoney(r.clv, currency, lang)}</td>
                        <td data-testid="at-risk-signals">
                          {details === null
                            ? '…'
                            : (d?.signals ?? []).map((s, i) => (
                                <span key={i} className="signal">
                                  {reasonText(t, s, lang)}
                                </span>
                              ))}
                        </td>
                        <td data-testid="at-risk-owner">{repName(r.ownerRepId)}</td>
                        <td>
                          {details === null
                            ? '…'
                            : d?.lastContact
                              ? `${formatDate(d.lastContact.at, lang)} · ${t(`panel.channel.${d.lastContact.channel}`)}`
                              : t('dashboard.atRisk.never')}
                        </td>
                        <td data-testid="at-risk-action">
                          {details === null
                            ? '…'
                            : d?.action
                              ? reasonText(t, d.action, lang)
                              : t('dashboard.noValue')}
                        </td>
                      </tr>
                      {isOpen && (
                        <tr className="thread-detail no-export">
                          <td colSpan={6}>
                            <History db={db} companyId={r.companyId} repName={repName} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager paged={paged} label={t('dashboard.atRisk.pages')} testId="at-risk-page" hideWhenSingle>
            <ExportCsv tableId="at-risk-table" name="at-risk" />
          </Pager>
        </>
      )}
    </section>
  );
}

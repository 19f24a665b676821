import { useTranslation } from 'react-i18next';
import { MIN_PROSPECTS } from '@/lib/metrics/rules';
import type { ConversionRow, SourceStats as Stats } from '@/lib/metrics/sources';
import { ExportCsv } from './ExportCsv';
import { formatNumber, formatShare } from './format';

// Source statistics: per source, customers, the period's inquiries and first
// orders, and inquiry-to-first-order conversion as a number and a plain CSS bar
// (the bar is decoration: the number next to it is what a screen reader reads).
// The best source is marked in words, not only by colour. Below, the same per rep.

function ConversionCell({ row }: { row: ConversionRow }) {
  const { t, i18n } = useTranslation();
  const share = row.conversion;
  return (
    <td className="conversion" data-testid="conversion" data-value={share ?? ''}>
      <span className="bar" aria-hidden="true">
        <span style={{ width: `${Math.round((share ?? 0) * 100)}%` }} />
      </span>
      <span>
        {share === null ? t('dashboard.noValue') : formatShare(share, i18n.language)}{' '}
        <span className="figure-n">
          {t('dashboard.sources.ofProspects', {
            converted: formatNumber(row.converted, i18n.language, 0),
            prospects: formatNumber(row.prospects, i18n.language, 0),
          })}
        </span>
      </span>
    </td>
  );
}

function Counts({ row }: { row: ConversionRow }) {
  const { i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language, 0);
  return (
    <>
      <td data-testid="customers">{n(row.customers)}</td>
      <td data-testid="inquiries">{n(row.inquiries)}</td>
      <td data-testid="first-orders">{n(row.firstOrders)}</td>
    </>
  );
}

export function SourceStats({
  stats,
  byRep,
  repName,
}: {
  stats: Stats;
  byRep: ConversionRow[] | null;
  repName: (id: string) => string;
}) {
  const { t } = useTranslation();
  const rows = stats.rows.filter((r) => r.customers > 0 || r.inquiries > 0);
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('dashboard.sources.customers')}</th>
        <th scope="col">{t('dashboard.sources.inquiries')}</th>
        <th scope="col">{t('dashboard.sources.firstOrders')}</th>
        <th scope="col">{t('dashboard.sources.conversion')}</th>
      </tr>
    </thead>
  );
  return (
    <section className="dashboard-section" aria-labelledby="sources-title" data-testid="source-stats">
      <h2 id="sources-title">{t('dashboard.sources.title')}</h2>
      <p className="hint">{t('dashboard.sources.definition', { prospects: MIN_PROSPECTS })}</p>
      <div className="table-scroll">
        <table className="sources" id="sources-table">
          {head(t('dashboard.sources.source'))}
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.key}
                data-testid={`source-${r.key}`}
                className={r.key === stats.best ? 'best' : undefined}
              >
                <th scope="row">
                  {t(`panel.source.${r.key}`)}
                  {r.key === stats.best && (
                    <span className="badge badge-best" data-testid="best-source">
                      {t('dashboard.sources.best')}
                    </span>
                  )}
                </th>
                <Counts row={r} />
                <ConversionCell row={r} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ExportCsv tableId="sources-table" name="sources" />
      {stats.best === null && (
        <p className="hint" data-testid="no-best">
          {t('dashboard.sources.noBest', { prospects: MIN_PROSPECTS })}
        </p>
      )}
      {byRep && (
        <>
          <h3>{t('dashboard.sources.byRep')}</h3>
          <div className="table-scroll">
            <table className="sources" data-testid="source-by-rep" id="sources-by-rep-table">
              {head(t('dashboard.rep'))}
              <tbody>
                {byRep.map((r) => (
                  <tr key={r.key} data-testid={`rep-conversion-${r.key}`}>
                    <th scope="row">{repName(r.key)}</th>
                    <Counts row={r} />
                    <ConversionCell row={r} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ExportCsv tableId="sources-by-rep-table" name="sources-by-rep" />
        </>
      )}
    </section>
  );
}

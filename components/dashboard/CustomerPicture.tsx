import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerPicture as Picture, GroupRow } from '@/lib/metrics/picture';
import { GOLDEN_SHARE } from '@/lib/metrics/rules';
import { formatMoney } from '../value/reasonText';
import { ExportCsv } from './ExportCsv';
import { formatDate, formatNumber, formatShare } from './format';
import { LineChart, type ChartSeries } from './LineChart';

// The customer picture: the tier pyramid (customers and the period's profit per
// tier, the negative-value group apart), the Pareto curve with its 20% point,
// customers per lifecycle stage and per current × potential quadrant. Every
// figure is in a table (the shapes and the chart are decoration for screen
// readers), and every table exports to CSV.

const PYRAMID_WIDTHS: Record<string, number> = { vip: 22, key: 44, ordinary: 68, small: 92 };

function GroupTable({
  id,
  rows,
  label,
  first,
  currency,
}: {
  id: string;
  rows: GroupRow<string>[];
  label: (key: string) => string;
  first: string;
  currency: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const total = rows.reduce((a, r) => a + r.customers, 0);
  return (
    <div className="table-scroll">
      <table id={id} className="picture-table" data-testid={id}>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">{t('dashboard.picture.customers')}</th>
            <th scope="col">{t('dashboard.picture.customerShare')}</th>
            <th scope="col">{t('dashboard.picture.profit', { currency })}</th>
            <th scope="col">{t('dashboard.picture.profitShare')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              data-testid={`${id}-${r.key}`}
              data-customers={r.customers}
              data-profit={r.profit}
            >
              <th scope="row">{label(r.key)}</th>
              <td data-testid="customers">{formatNumber(r.customers, lang, 0)}</td>
              <td>{total ? formatShare(r.customers / total, lang) : t('dashboard.noValue')}</td>
              <td>{formatMoney(r.profit, currency, lang)}</td>
              <td>{r.profitShare === null ? t('dashboard.noValue') : formatShare(r.profitShare, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Pyramid({ picture }: { picture: Picture }) {
  const { t, i18n } = useTranslation();
  const tiers = picture.pyramid.filter((r) => r.key !== 'negative');
  const negative = picture.pyramid.find((r) => r.key === 'negative')!;
  return (
    <div className="pyramid" aria-hidden="true">
      {tiers.map((r) => (
        <div
          key={r.key}
          className={`pyramid-level tier-${r.key}`}
          style={{ width: `${PYRAMID_WIDTHS[r.key] ?? 90}%` }}
        >
          <span>
            {t(`value.tier.${r.key}`)} · {formatNumber(r.customers, i18n.language, 0)}
          </span>
        </div>
      ))}
      <div className="pyramid-level tier-negative" style={{ width: '92%' }}>
        <span>
          {t('dashboard.picture.group.negative')} · {formatNumber(negative.customers, i18n.language, 0)}
        </span>
      </div>
    </div>
  );
}

function Pareto({ picture, currency }: { picture: Picture; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { pareto } = picture;
  const top = Math.round(GOLDEN_SHARE * 100);
  const { xs, series } = useMemo(() => {
    const xs = pareto.points.map((p) => p.customers * 100);
    const goldenX = pareto.buyers ? (pareto.golden / pareto.buyers) * 100 : 0;
    const series: ChartSeries[] = [
      {
        label: t('dashboard.picture.pareto.curve'),
        values: pareto.points.map((p) => p.profit),
        color: '#1570ef',
      },
      {
        label: t('dashboard.picture.pareto.point', { top }),
        values: xs.map((x) => (x === goldenX ? pareto.goldenShare : null)),
        color: '#d92d20',
        pointsOnly: true,
      },
    ];
    return { xs, series };
  }, [pareto, t, top]);
  // The table: every tenth of the buyers, and the 20% point itself.
  const rows = useMemo(() => {
    if (!pareto.points.length) return [];
    const wanted = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    const picked = wanted.map((share) =>
      pareto.points.reduce((best, p) =>
        Math.abs(p.customers - share) < Math.abs(best.customers - share) ? p : best,
      ),
    );
    // A small book has fewer buyers than rows: each step once.
    return picked.filter((p, i) => picked.indexOf(p) === i);
  }, [pareto]);
  const formatY = (y: number) => formatShare(y, lang);
  const formatX = (x: number) => formatShare(x / 100, lang);
  return (
    <div
      className="pareto"
      data-testid="pareto"
      data-buyers={pareto.buyers}
      data-golden={pareto.golden}
      data-golden-share={pareto.goldenShare ?? ''}
    >
      <h3>{t('dashboard.picture.pareto.title')}</h3>
      {pareto.goldenShare === null ? (
        <p className="hint" data-testid="pareto-none">
          {t('dashboard.picture.pareto.none')}
        </p>
      ) : (
        <>
          <p data-testid="pareto-summary">
            {t('dashboard.picture.pareto.summary', {
              top,
              golden: formatNumber(pareto.golden, lang, 0),
              buyers: formatNumber(pareto.buyers, lang, 0),
              share: formatShare(pareto.goldenShare, lang),
            })}
          </p>
          <LineChart
            xs={xs}
            series={series}
            time={false}
            formatX={formatX}
            formatY={formatY}
            testId="pareto-chart"
          />
          <div className="table-scroll">
            <table id="picture-pareto" className="picture-table chart-numbers">
              <caption>{t('dashboard.picture.pareto.caption', { currency })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.picture.pareto.buyersShare')}</th>
                  <th scope="col">{t('dashboard.picture.pareto.profitShare')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.customers}>
                    <th scope="row">
                      {t('dashboard.picture.pareto.topBuyers', {
                        count: formatNumber(Math.round(p.customers * pareto.buyers), lang, 0),
                        buyers: formatNumber(pareto.buyers, lang, 0),
                        share: formatShare(p.customers, lang),
                      })}
                    </th>
                    <td>{formatShare(p.profit, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ExportCsv tableId="picture-pareto" name="pareto" />
        </>
      )}
    </div>
  );
}

export function CustomerPicture({ picture, currency }: { picture: Picture; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const top = Math.round(GOLDEN_SHARE * 100);
  return (
    <section className="dashboard-section" aria-labelledby="picture-title" data-testid="customer-picture">
      <h2 id="picture-title">{t('dashboard.picture.title')}</h2>
      {picture.customers === 0 ? (
        <div className="empty-part" data-testid="picture-empty">
          <p>{t('dashboard.picture.empty.what', { top })}</p>
          <p>{t('dashboard.picture.empty.how')}</p>
        </div>
      ) : (
        <>
          <p className="hint">
            {t('dashboard.picture.definition', {
              date: picture.valuedAt === null ? '' : formatDate(picture.valuedAt, lang),
              currency,
            })}
          </p>
          <div className="picture-grid">
            <div>
              <h3>{t('dashboard.picture.pyramid')}</h3>
              <Pyramid picture={picture} />
              <GroupTable
                id="picture-pyramid"
                rows={picture.pyramid}
                first={t('dashboard.picture.tier')}
                label={(k) =>
                  k === 'negative' ? t('dashboard.picture.group.negative') : t(`value.tier.${k}`)
                }
                currency={currency}
              />
              <p className="hint">{t('dashboard.picture.negativeHint')}</p>
              <ExportCsv tableId="picture-pyramid" name="pyramid" />
            </div>
            <Pareto picture={picture} currency={currency} />
            <div>
              <h3>{t('dashboard.picture.stages')}</h3>
              <GroupTable
                id="picture-stages"
                rows={picture.stages}
                first={t('dashboard.picture.stage')}
                label={(k) => t(`value.stage.${k}`)}
                currency={currency}
              />
              <ExportCsv tableId="picture-stages" name="stages" />
            </div>
            <div>
              <h3>{t('dashboard.picture.quadrants')}</h3>
              <GroupTable
                id="picture-quadrants"
                rows={picture.quadrants}
                first={t('dashboard.picture.quadrant')}
                label={(k) => t(`dashboard.picture.quadrantName.${k}`)}
                currency={currency}
              />
              <p className="hint">{t('dashboard.picture.quadrantHint')}</p>
              <ExportCsv tableId="picture-quadrants" name="quadrants" />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

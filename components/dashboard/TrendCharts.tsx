import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SOURCES, type Source } from '@/lib/db/types';
import type { DashboardView } from '@/lib/metrics/dashboard';
import { COMPLAINT_QUIET_DAYS, GOLDEN_SHARE } from '@/lib/metrics/rules';
import { FIGURE_IDS, FIGURE_META } from '@/lib/metrics/scorecard';
import type { FigureSeries, SourceSeries } from '@/lib/metrics/trends';
import { DAY_MS } from '@/lib/metrics/types';
import { ExportCsv } from './ExportCsv';
import { formatDate, formatFigure, formatNumber } from './format';
import { LineChart, type ChartSeries } from './LineChart';

// Trends: every scorecard figure step by step through the period (weeks; 30-day
// steps over more than two years), for the scope (the team, or the rep chosen,
// drawn against the team's dashed line), and the sources' inquiries and first
// orders over time. Under the charts, their numbers in tables: what screen
// readers read, what the manager copies or exports.

const SOURCE_COLOURS = [
  '#1570ef',
  '#f79009',
  '#12b76a',
  '#7a5af8',
  '#d92d20',
  '#0e9384',
  '#c11574',
  '#667085',
];

export function TrendCharts({
  trends,
  repId,
  repName,
  noReplyDays,
  currency,
}: {
  trends: NonNullable<DashboardView['trends']> | null;
  repId: string;
  repName: (id: string) => string;
  noReplyDays: number;
  currency: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const params = {
    days: noReplyDays,
    quietDays: COMPLAINT_QUIET_DAYS,
    top: Math.round(GOLDEN_SHARE * 100),
    currency,
  };

  const scope = useMemo((): { figures: FigureSeries; sources: SourceSeries } | null => {
    if (!trends) return null;
    if (!repId) return { figures: trends.team, sources: trends.sources.team };
    const figures = trends.reps.find((r) => r.repId === repId)?.series;
    const sources = trends.sources.reps.find((r) => r.repId === repId)?.series;
    return figures && sources ? { figures, sources } : null;
  }, [trends, repId]);
  const xs = useMemo(() => trends?.steps.map((s) => s.from) ?? [], [trends]);
  const formatX = useMemo(
    () => (x: number) => new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' }).format(x),
    [lang],
  );
  const activeSources = useMemo(
    () =>
      scope
        ? SOURCES.filter(
            (s) => scope.sources.inquiries[s].some(Boolean) || scope.sources.firstOrders[s].some(Boolean),
          )
        : [],
    [scope],
  );
  const sourceCharts = useMemo(() => {
    if (!scope) return null;
    const lines = (of: Record<Source, number[]>): ChartSeries[] =>
      activeSources.map((s) => ({
        label: t(`panel.source.${s}`),
        values: of[s],
        color: SOURCE_COLOURS[SOURCES.indexOf(s) % SOURCE_COLOURS.length]!,
      }));
    return { inquiries: lines(scope.sources.inquiries), firstOrders: lines(scope.sources.firstOrders) };
  }, [scope, activeSources, t]);
  const figureCharts = useMemo(() => {
    if (!scope || !trends) return [];
    return FIGURE_IDS.map((id) => {
      const lines: ChartSeries[] = [
        {
          label: repId ? repName(repId) : t('dashboard.team'),
          values: scope.figures.values[id],
          color: '#1570ef',
        },
      ];
      if (repId)
        lines.push({
          label: t('dashboard.team'),
          values: trends.team.values[id],
          color: '#98a2b3',
          dash: [4, 4],
        });
      if (FIGURE_META[id].unit !== 'duration')
        return { id, lines, formatY: (y: number) => formatFigure(y, FIGURE_META[id].unit, lang) };
      // Durations are drawn in hours or days, so the axis gets round ticks (10 h, 2 days), not 27.8 h.
      const longest = Math.max(0, ...lines.flatMap((l) => l.values.map((v) => v ?? 0)));
      const scale = longest >= 2 * DAY_MS ? DAY_MS : 3_600_000;
      return {
        id,
        lines: lines.map((l) => ({ ...l, values: l.values.map((v) => (v === null ? null : v / scale)) })),
        formatY: (y: number) => formatFigure(y * scale, 'duration', lang),
      };
    });
  }, [scope, trends, repId, repName, t, lang]);

  if (!trends || !scope || !sourceCharts)
    return (
      <section className="dashboard-section" aria-labelledby="trends-title" data-testid="trends">
        <h2 id="trends-title">{t('dashboard.trends.title')}</h2>
        <p className="loading" role="status">
          {t('dashboard.trend.pending')}
        </p>
      </section>
    );

  const stepLabel = (i: number) => {
    const s = trends.steps[i]!;
    return t('dashboard.trends.step', { from: formatDate(s.from, lang), to: formatDate(s.to - 1, lang) });
  };
  const count = (x: number) => formatNumber(x, lang, 0);

  return (
    <section className="dashboard-section" aria-labelledby="trends-title" data-testid="trends">
      <h2 id="trends-title">{t('dashboard.trends.title')}</h2>
      <p className="hint">{t('dashboard.trends.definition')}</p>
      <div className="chart-grid">
        {figureCharts.map((c) => (
          <figure key={c.id} className="chart" data-testid={`trend-${c.id}`}>
            <figcaption>{t(`dashboard.figure.${c.id}.label`, params)}</figcaption>
            <LineChart
              xs={xs}
              series={c.lines}
              formatX={formatX}
              formatY={c.formatY}
              emptyText={t('dashboard.trends.nothing')}
            />
          </figure>
        ))}
      </div>
      <div className="table-scroll chart-numbers-box">
        <table id="trend-figures" className="chart-numbers" data-testid="trend-figures">
          <caption>
            {t('dashboard.trends.figuresCaption', { scope: repId ? repName(repId) : t('dashboard.team') })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.trends.stepColumn')}</th>
              {FIGURE_IDS.map((id) => (
                <th scope="col" key={id}>
                  {t(`dashboard.figure.${id}.label`, params)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trends.steps.map((_, i) => (
              <tr key={i}>
                <th scope="row">{stepLabel(i)}</th>
                {FIGURE_IDS.map((id) => {
                  const v = scope.figures.values[id][i];
                  return (
                    <td key={id}>
                      {v === null || v === undefined
                        ? t('dashboard.noValue')
                        : formatFigure(v, FIGURE_META[id].unit, lang)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ExportCsv tableId="trend-figures" name="trends" />

      <h3>{t('dashboard.trends.sourcesTitle')}</h3>
      {activeSources.length === 0 ? (
        <p className="hint" data-testid="trend-sources-none">
          {t('dashboard.trends.sourcesNone')}
        </p>
      ) : (
        <>
          <div className="chart-grid">
            <figure className="chart" data-testid="trend-inquiries">
              <figcaption>{t('dashboard.sources.inquiries')}</figcaption>
              <LineChart xs={xs} series={sourceCharts.inquiries} formatX={formatX} formatY={count} />
            </figure>
            <figure className="chart" data-testid="trend-first-orders">
              <figcaption>{t('dashboard.sources.firstOrders')}</figcaption>
              <LineChart xs={xs} series={sourceCharts.firstOrders} formatX={formatX} formatY={count} />
            </figure>
          </div>
          <div className="table-scroll chart-numbers-box">
            <table id="trend-sources" className="chart-numbers" data-testid="trend-sources">
              <caption>{t('dashboard.trends.sourcesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.trends.stepColumn')}</th>
                  {activeSources.map((s) => (
                    <th scope="col" key={s}>
                      {t('dashboard.trends.sourceColumn', { source: t(`panel.source.${s}`) })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {trends.steps.map((_, i) => (
                  <tr key={i}>
                    <th scope="row">{stepLabel(i)}</th>
                    {activeSources.map((s) => (
                      <td key={s}>
                        {t('dashboard.trends.sourceCell', {
                          inquiries: count(scope.sources.inquiries[s][i]!),
                          firstOrders: count(scope.sources.firstOrders[s][i]!),
                        })}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ExportCsv tableId="trend-sources" name="sources-over-time" />
        </>
      )}
    </section>
  );
}

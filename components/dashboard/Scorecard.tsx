import { useTranslation } from 'react-i18next';
import { FIGURE_IDS, FIGURE_META, trendSense, type Figure, type FigureId } from '@/lib/metrics/scorecard';
import { COMPLAINT_QUIET_DAYS, GOLDEN_SHARE, MIN_PROSPECTS } from '@/lib/metrics/rules';
import { ExportCsv } from './ExportCsv';
import { formatDelta, formatFigure, formatNumber } from './format';

// The scorecard: one row per figure, one column for the team and one per rep shown,
// each cell the figure, how many cases it rests on, and its change on the previous
// period (arrow, size, and whether that is good news). Every figure's label points
// at its definition below the table.

export interface ScorecardColumn {
  key: string;
  label: string;
  figures: Figure[];
}

const GROUPS: { id: string; figures: FigureId[] }[] = [
  { id: 'responsiveness', figures: ['responseMedian', 'responseP90', 'abandonment'] },
  { id: 'complaints', figures: ['complaintResolution', 'complaintResolved'] },
  { id: 'effectiveness', figures: ['messagesToResolve'] },
  { id: 'golden', figures: ['goldenShare'] },
  { id: 'decline', figures: ['declineReaction', 'declineReacted'] },
  { id: 'channels', figures: ['channelDiversity'] },
];

function Cell({
  figure,
  hasPrevious,
  comparing,
}: {
  figure: Figure;
  hasPrevious: boolean;
  comparing: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { unit } = FIGURE_META[figure.id];
  const value = figure.value === null ? null : formatFigure(figure.value, unit, lang);
  let trend: { arrow: string; text: string; sense: string } | null = null;
  if (comparing) trend = { arrow: '', text: t('dashboard.trend.pending'), sense: 'none' };
  else if (hasPrevious) {
    if (figure.delta === null) trend = { arrow: '', text: t('dashboard.trend.none'), sense: 'none' };
    else {
      const size =
        unit === 'share'
          ? t('dashboard.trend.points', { value: formatDelta(figure.delta, unit, lang) })
          : formatDelta(figure.delta, unit, lang);
      const previous = formatFigure(figure.previous!.value!, unit, lang);
      const sense = trendSense(figure.id, figure.delta);
      trend =
        figure.delta === 0
          ? { arrow: '→', text: t('dashboard.trend.same', { previous }), sense: 'same' }
          : {
              arrow: figure.delta > 0 ? '▲' : '▼',
              text: t(figure.delta > 0 ? 'dashboard.trend.up' : 'dashboard.trend.down', { size, previous }),
              sense: sense > 0 ? 'better' : sense < 0 ? 'worse' : 'same',
            };
    }
  }
  return (
    <td data-testid={`figure-${figure.id}`} data-value={figure.value ?? ''}>
      <span className="figure-value">{value ?? t('dashboard.noValue')}</span>
      <span className="figure-n">{t('dashboard.scorecard.n', { n: formatNumber(figure.n, lang, 0) })}</span>
      {trend && (
        <span className={`trend trend-${trend.sense}`} data-testid="trend" data-delta={figure.delta ?? ''}>
          {trend.arrow && <span aria-hidden="true">{trend.arrow} </span>}
          {trend.text}
        </span>
      )}
    </td>
  );
}

export function Scorecard({
  columns,
  hasPrevious,
  comparing = false,
  noReplyDays,
  currency,
}: {
  columns: ScorecardColumn[];
  hasPrevious: boolean;
  /** The previous period is still being read: trends are on the way. */
  comparing?: boolean;
  noReplyDays: number;
  currency: string;
}) {
  const { t } = useTranslation();
  const params = {
    days: noReplyDays,
    quietDays: COMPLAINT_QUIET_DAYS,
    top: Math.round(GOLDEN_SHARE * 100),
    currency,
    prospects: MIN_PROSPECTS,
  };
  const order = new Map(FIGURE_IDS.map((id, i) => [id, i + 1]));
  return (
    <section className="dashboard-section" aria-labelledby="scorecard-title" data-testid="scorecard">
      <h2 id="scorecard-title">{t('dashboard.scorecard.title')}</h2>
      <p className="hint">{t('dashboard.scorecard.attribution')}</p>
      <div className="table-scroll">
        <table className="scorecard" id="scorecard-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.scorecard.figure')}</th>
              {columns.map((c) => (
                <th scope="col" key={c.key} data-testid={`scorecard-column-${c.key}`}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          {GROUPS.map((g) => (
            <tbody key={g.id}>
              <tr className="group">
                <th scope="rowgroup" colSpan={columns.length + 1}>
                  {t(`dashboard.group.${g.id}`)}
                </th>
              </tr>
              {g.figures.map((id) => (
                <tr key={id} data-testid={`scorecard-row-${id}`}>
                  <th scope="row">
                    <span title={t(`dashboard.figure.${id}.definition`, params)}>
                      {t(`dashboard.figure.${id}.label`, params)}
                    </span>
                    <a
                      href={`#definition-${id}`}
                      className="footnote no-export"
                      aria-label={t('dashboard.scorecard.definitionOf', {
                        figure: t(`dashboard.figure.${id}.label`, params),
                      })}
                    >
                      {order.get(id)}
                    </a>
                  </th>
                  {columns.map((c) => (
                    <Cell
                      key={c.key}
                      figure={c.figures.find((f) => f.id === id)!}
                      hasPrevious={hasPrevious}
                      comparing={comparing}
                    />
                  ))}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
      <ExportCsv tableId="scorecard-table" name="scorecard" />
      <h3>{t('dashboard.scorecard.definitions')}</h3>
      <ol className="definitions" data-testid="definitions">
        {FIGURE_IDS.map((id) => (
          <li key={id} id={`definition-${id}`}>
            <strong>{t(`dashboard.figure.${id}.label`, params)}.</strong>{' '}
            {t(`dashboard.figure.${id}.definition`, params)}
          </li>
        ))}
      </ol>
    </section>
  );
}

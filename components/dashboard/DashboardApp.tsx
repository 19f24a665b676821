import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import type { DashboardView } from '@/lib/metrics/dashboard';
import { hasAnythingToMeasure } from '@/lib/metrics/load';
import { PERIOD_PRESETS, periodFor, type PeriodPreset } from '@/lib/metrics/period';
import { dropSnapshot, readSnapshot } from '@/lib/metrics/snapshot';
import { snapshotIsCurrent } from '@/lib/metrics/snapshotStamp';
import { getPreferences } from '@/lib/storage';
import { LanguageSwitch } from '../I18nRoot';
import { useTeamChanges } from '../team/useTeamChanges';
import { AtRiskList } from './AtRiskList';
import { CustomerPicture } from './CustomerPicture';
import { EmptyState } from './EmptyState';
import { formatDate, formatDateTime, formatNumber } from './format';
import { dropPaint, pageCopy, savePaint } from './keptPaint';
import { initialPreset } from './preset';
import { Scorecard, type ScorecardColumn } from './Scorecard';
import { SourceStats } from './SourceStats';
import { ThreadsListing, ThreadsTable } from './ThreadsTable';
import { TrendCharts } from './TrendCharts';
import { useDashboardLoader, type ThreadSource } from './useDashboardLoader';
import './dashboard.css';

// The manager dashboard page: period and rep filters, the scorecard, source
// statistics and the logged threads. The view is loaded once per period (through
// lib/metrics loadDashboard, which reads only the window the period needs, in a
// worker: useDashboardLoader) and the rep filter works on it in memory, so
// switching reps is instant. It is not a live query: re-measuring a large book on every logged contact would cost more
// than the freshness is worth; "Refresh" reloads, and so do colleagues' changes arriving in team mode.

type State =
  /**
   * Loading; the previous view, if any, stays on screen dimmed: the one shown before, or on
   * opening the page the last visit's (snapshotAt: when it was measured; lib/metrics/snapshot).
   */
  | { status: 'loading'; view: DashboardView | null; threads?: ThreadSource; snapshotAt?: number }
  /** The period's figures are in; its comparison, thread list and trends are on the way. */
  | { status: 'comparing'; view: DashboardView; threads: ThreadSource }
  | { status: 'empty' }
  | { status: 'ready'; view: DashboardView; threads: ThreadSource }
  | { status: 'error'; message: string };

export function DashboardApp({ db = defaultDb }: { db?: CrmDb }) {
  const { t, i18n } = useTranslation();
  // The period asked for, and the last visit's figures for it, if kept (lib/metrics/snapshot).
  const [first] = useState(() => {
    const preset = initialPreset();
    return { preset, snapshot: readSnapshot(preset) };
  });
  const [preset, setPreset] = useState<PeriodPreset>(first.preset);
  const [repId, setRepId] = useState('');
  const [reload, setReload] = useState(0);
  const [state, setState] = useState<State>(() =>
    first.snapshot
      ? { status: 'loading', view: first.snapshot.view, snapshotAt: first.snapshot.savedAt }
      : { status: 'loading', view: null },
  );
  const [progress, setProgress] = useState<{ read: number; rebuilding: boolean } | null>(null);
  const load = useDashboardLoader(db);
  const refreshed = useRef(0);
  // In team mode, colleagues' changes arriving after the page opened reload the view as Refresh does.
  const teamChanges = useTeamChanges(db);
  const seenTeamChanges = useRef<number | null>(null);
  useEffect(() => {
    if (teamChanges === undefined) return;
    if (seenTeamChanges.current !== null && teamChanges !== seenTeamChanges.current) setReload((r) => r + 1);
    seenTeamChanges.current = teamChanges;
  }, [teamChanges]);

  // The last visit's figures, in the first render (read synchronously), are taken down once the
  // database says a bulk write or a restore came since they were measured.
  useEffect(() => {
    const shown = first.snapshot;
    if (!shown) return;
    let live = true;
    snapshotIsCurrent(db, shown).then(
      (current) => {
        if (current || !live) return;
        dropSnapshot(first.preset);
        dropPaint(first.preset);
        setState((s) =>
          s.status === 'loading' && s.snapshotAt !== undefined ? { status: 'loading', view: null } : s,
        );
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [db, first]);

  // The scorecard and the customer picture are drawn first; the charts and the source tables a frame
  // later, so a next visit shows its first figures without waiting for the charts.
  const [restShown, setRestShown] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setRestShown(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        if (!(await hasAnythingToMeasure(db))) {
          if (live) setState({ status: 'empty' });
          return;
        }
        const { noReplyDays } = await getPreferences();
        const now = Date.now();
        // Companies, value rows and settings do not depend on the period: read again only on Refresh.
        const fresh = refreshed.current !== reload;
        refreshed.current = reload;
        await load(
          { ...periodFor(preset, now), now, noReplyDays, fresh, snapshot: preset },
          {
            onProgress: (read, rebuilding) => live && setProgress({ read, rebuilding }),
            onView: (view, final, threads) => {
              if (!live) return;
              setState({ status: final ? 'ready' : 'comparing', view, threads });
              if (final) setProgress(null);
            },
          },
        );
      } catch (e) {
        if (live) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, [db, preset, reload, load]);

  const view =
    state.status === 'ready' || state.status === 'loading' || state.status === 'comparing'
      ? state.view
      : null;
  const threads =
    state.status === 'ready' || state.status === 'loading' || state.status === 'comparing'
      ? state.threads
      : undefined;
  const comparing = state.status === 'comparing';
  const snapshotAt = state.status === 'loading' ? state.snapshotAt : undefined;
  const names = useMemo(() => new Map(view?.reps.map((r) => [r.id, r.name]) ?? []), [view]);
  const repName = useCallback((id: string) => names.get(id) ?? id, [names]);

  // The figures on screen stay (dimmed) while the next ones load.
  const startLoading = () =>
    setState((s) =>
      s.status === 'ready' || s.status === 'comparing'
        ? { status: 'loading', view: s.view, threads: s.threads }
        : { status: 'loading', view: null },
    );
  const choosePeriod = (next: PeriodPreset) => {
    startLoading();
    setPreset(next);
    history.replaceState(null, '', `#period=${next}`);
  };

  let columns: ScorecardColumn[] = [];
  if (view) {
    const team = { key: 'team', label: t('dashboard.team'), figures: view.scorecard.team };
    const reps = view.scorecard.reps.filter((r) =>
      repId ? r.repId === repId : r.figures.some((f) => f.n > 0 || (f.previous?.n ?? 0) > 0),
    );
    columns = [team, ...reps.map((r) => ({ key: r.repId, label: repName(r.repId), figures: r.figures }))];
  }
  const sourceStats = view
    ? repId
      ? (view.sources.reps.find((r) => r.repId === repId)?.stats ?? view.sources.scope)
      : view.sources.scope
    : null;
  const lang = i18n.language;

  // The next visit's first paint (keptPaint.ts): a copy of the team's figures as drawn now, kept
  // with the view (lib/metrics/snapshot) and drawn by the page's first chunk before this code loads.
  const pageRef = useRef<HTMLDivElement>(null);
  const copied = useRef<{ view: DashboardView; lang: string } | null>(null);
  useEffect(() => {
    const page = pageRef.current;
    if (state.status !== 'ready' || repId || !page) return;
    if (copied.current?.view === state.view && copied.current.lang === lang) return;
    copied.current = { view: state.view, lang };
    const savedAt = Date.now();
    const root = pageCopy(
      page,
      t('dashboard.snapshot', { time: formatDateTime(savedAt, lang) }),
      t('dashboard.loading'),
    );
    if (root) savePaint(preset, { savedAt, lang, root });
  });
  const picture = view
    ? repId
      ? (view.picture.reps.find((r) => r.repId === repId)?.picture ?? view.picture.team)
      : view.picture.team
    : null;

  return (
    <div className="page dashboard" aria-busy={state.status === 'loading'} ref={pageRef}>
      <header className="dashboard-header">
        <h1>{t('dashboard.title')}</h1>
        <div className="header-actions no-print">
          <button type="button" onClick={() => window.print()} data-testid="print">
            {t('dashboard.print')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      {state.status !== 'empty' && (
        <div className="filters" role="group" aria-label={t('dashboard.filters.label')}>
          <label>
            {t('dashboard.filters.period')}
            <select
              value={preset}
              data-testid="filter-period"
              onChange={(e) => choosePeriod(e.target.value as PeriodPreset)}
            >
              {PERIOD_PRESETS.map((p) => (
                <option key={p} value={p}>
                  {t(`dashboard.period.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('dashboard.rep')}
            <select value={repId} data-testid="filter-rep" onChange={(e) => setRepId(e.target.value)}>
              <option value="">{t('dashboard.filters.allReps')}</option>
              {(view?.reps ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => {
              startLoading();
              setReload((n) => n + 1);
            }}
            data-testid="refresh"
          >
            {t('dashboard.refresh')}
          </button>
        </div>
      )}
      {view && (
        <p className="hint" data-testid="period-range" data-from={view.period.from} data-to={view.period.to}>
          {t('dashboard.rangeLine', {
            range:
              view.period.from > 0
                ? t('dashboard.periodRange', {
                    from: formatDate(view.period.from, lang),
                    to: formatDate(view.period.to - 1, lang),
                  })
                : t('dashboard.allTimeRange', { to: formatDate(view.period.to - 1, lang) }),
            comparison: comparing
              ? view.period.from > 0
                ? t('dashboard.comparing')
                : t('dashboard.noPrevious')
              : view.previous
                ? t('dashboard.comparedWith', {
                    from: formatDate(view.previous.from, lang),
                    to: formatDate(view.previous.to - 1, lang),
                  })
                : t('dashboard.noPrevious'),
          })}
        </p>
      )}
      {snapshotAt !== undefined && (
        <p className="hint" data-testid="dashboard-snapshot-line">
          {t('dashboard.snapshot', { time: formatDateTime(snapshotAt, lang) })}
        </p>
      )}
      {state.status === 'loading' && (
        <p className="loading" role="status" data-testid="dashboard-loading">
          {t('dashboard.loading')}
          {progress !== null &&
            ` ${t(progress.rebuilding ? 'dashboard.rebuilding' : 'dashboard.progress', { read: formatNumber(progress.read, lang, 0) })}`}
        </p>
      )}
      {state.status === 'error' && (
        <p role="alert" className="error">
          {t('common.error', { message: state.message })}
        </p>
      )}
      {state.status === 'empty' && <EmptyState />}
      {view && sourceStats && (
        <div
          className={state.status === 'loading' ? 'stale' : undefined}
          data-testid={snapshotAt === undefined ? 'dashboard-ready' : 'dashboard-snapshot'}
        >
          <Scorecard
            columns={columns}
            hasPrevious={view.previous !== null}
            comparing={comparing}
            noReplyDays={view.noReplyDays}
            currency={view.currency}
          />
          {picture && (
            <>
              <CustomerPicture picture={picture} currency={view.currency} />
              {snapshotAt === undefined && (
                <AtRiskList
                  db={db}
                  rows={picture.atRisk}
                  bookSize={view.picture.team.customers}
                  currency={view.currency}
                  now={view.now}
                  repName={repName}
                />
              )}
            </>
          )}
          {restShown && (
            <>
              <TrendCharts
                trends={view.trends}
                repId={repId}
                repName={repName}
                noReplyDays={view.noReplyDays}
                currency={view.currency}
              />
              <SourceStats
                stats={sourceStats}
                byRep={repId ? null : view.sources.byRep.filter((r) => r.customers > 0 || r.inquiries > 0)}
                repName={repName}
              />
            </>
          )}
          {snapshotAt === undefined &&
            threads &&
            (view.listed === false ? (
              <ThreadsListing />
            ) : (
              <ThreadsTable db={db} threads={threads} repId={repId || undefined} repName={repName} />
            ))}
        </div>
      )}
    </div>
  );
}

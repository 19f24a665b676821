import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { askRules, type RulesAnswer } from '@/lib/team/messages';
import { PoolAnswerSchema } from '@/lib/team/protocol';
import { countryName } from '../origin/countryName';
import { useLiveQuery } from 'dexie-react-hooks';
import { ReleaseToPool } from './ReleaseToPool';
import { useTeamStatus } from './useTeamStatus';
import { Unreachable, useRulesView } from './useRulesView';

// The options page's public pool (公海): customers nobody followed up, what a rep may
// know of them before claiming, and the claim button (the server enforces the daily
// limit and the cool-down). A manager also assigns the ones ticked to reps in turn.

const day = (ms: number, lang: string) => new Date(ms).toLocaleDateString(lang);

export function PoolView({ db = defaultDb }: { db?: CrmDb }) {
  const { t, i18n } = useTranslation();
  const status = useTeamStatus(db);
  const reps = useRepsOfTeam(db);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [assignTo, setAssignTo] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const manager = status?.user?.role === 'manager' || status?.user?.role === 'admin';

  const explain = (answer: RulesAnswer) =>
    t(`pool.errors.${answer.error ?? 'error'}`, {
      defaultValue: answer.message ?? t('pool.errors.error'),
      until: answer.until ? day(answer.until, i18n.language) : '',
    });

  const [pool, load] = useRulesView('rules/pool', PoolAnswerSchema, status?.user);

  if (status === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (!status.user) return <p className="hint">{t('pool.signInFirst')}</p>;
  if (pool === null) return <p className="loading">{t('common.loading')}</p>;
  if (pool === 'error') return <Unreachable onRetry={() => void load()} />;

  const act = async (run: () => Promise<RulesAnswer>, ok: string) => {
    setBusy(true);
    setMessage(null);
    const answer = await run().catch((): RulesAnswer => ({ ok: false, error: 'unreachable' }));
    setMessage(answer.ok ? { kind: 'ok', text: ok } : { kind: 'error', text: explain(answer) });
    setPicked([]);
    // Buttons stay off until the list is fresh: a second click must not hit the customer just taken.
    await load();
    setBusy(false);
  };

  return (
    <div className="settings pool" data-testid="pool">
      <p className="hint">
        {t('pool.explain', {
          idle: pool.settings.poolIdleDays,
          warn: pool.settings.poolWarnDays,
          cooldown: pool.settings.poolCooldownDays,
        })}
      </p>
      <p data-testid="pool-claims-left">
        {t('pool.claimsLeft', { count: pool.claimsLeft, limit: pool.settings.poolClaimsPerDay })}
      </p>
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'error' : 'ok'}
          data-testid="pool-message"
        >
          {message.text}
        </p>
      )}
      {pool.customers.length === 0 ? (
        <p className="hint" data-testid="pool-empty">
          {t('pool.empty')}
        </p>
      ) : (
        <ul className="pool-list">
          {pool.customers.map((c) => (
            <li key={c.companyId} data-testid="pool-customer">
              {manager && (
                <input
                  type="checkbox"
                  aria-label={t('pool.pick', { name: c.name })}
                  checked={picked.includes(c.companyId)}
                  onChange={(e) =>
                    setPicked((p) =>
                      e.target.checked ? [...p, c.companyId] : p.filter((x) => x !== c.companyId),
                    )
                  }
                />
              )}
              <strong data-testid="pool-customer-name">{c.name}</strong>
              <span className="hint">
                {' · '}
                {c.country ? countryName(c.country, i18n.language) : t('pool.noCountry')}
                {' · '}
                {t(`panel.source.${c.source}`)}
                {' · '}
                {t('pool.orders', { count: c.orders })}
                {' · '}
                <span data-testid="pool-customer-tier">
                  {t('pool.tier', { tier: t(`value.tier.${c.tier}`) })}
                </span>
              </span>
              <br />
              <span className="hint">
                {c.lastContactAt
                  ? t('pool.lastContact', { date: day(c.lastContactAt, i18n.language) })
                  : t('pool.noContact')}
                {' · '}
                {t(`pool.reason.${c.reason}`, {
                  date: day(c.poolSince, i18n.language),
                  owner: c.previousOwner ?? '',
                })}
              </span>
              <br />
              {c.coolDownUntil ? (
                <span className="hint" data-testid="pool-cooldown">
                  {t('pool.coolDown', { date: day(c.coolDownUntil, i18n.language) })}
                </span>
              ) : (
                <button
                  type="button"
                  disabled={busy || pool.claimsLeft === 0}
                  data-testid="pool-claim"
                  onClick={() =>
                    void act(
                      () => askRules(browser.runtime, { type: 'rules/claim', companyId: c.companyId }),
                      t('pool.claimed', { name: c.name }),
                    )
                  }
                >
                  {t('pool.claim')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ReleaseSection db={db} userId={status.user.id} manager={manager} onReleased={() => void load()} />
      {manager && pool.customers.length > 0 && (
        <fieldset className="pool-assign">
          <legend>{t('pool.assignTitle')}</legend>
          <p className="hint">{t('pool.assignHint')}</p>
          {reps.map((r) => (
            <label key={r.id}>
              <input
                type="checkbox"
                checked={assignTo.includes(r.id)}
                onChange={(e) =>
                  setAssignTo((a) => (e.target.checked ? [...a, r.id] : a.filter((x) => x !== r.id)))
                }
                data-testid="pool-assign-rep"
              />{' '}
              {r.name}
            </label>
          ))}
          <button
            type="button"
            disabled={busy || !picked.length || !assignTo.length}
            data-testid="pool-assign"
            onClick={() =>
              void act(
                () =>
                  askRules(browser.runtime, {
                    type: 'rules/assign',
                    request: { companyIds: picked, repIds: assignTo },
                  }),
                t('pool.assigned', { count: picked.length }),
              )
            }
          >
            {t('pool.assign', { count: picked.length })}
          </button>
        </fieldset>
      )}
    </div>
  );
}

/**
 * Releasing customers from the pool page: the rep's own customers (a manager's: anyone's)
 * whose name holds what was typed, a few at a time.
 */
function ReleaseSection({
  db,
  userId,
  manager,
  onReleased,
}: {
  db: CrmDb;
  userId: string;
  manager: boolean;
  onReleased: () => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const words = query.trim().toLowerCase();
  const found = useLiveQuery(
    () =>
      words.length < 2
        ? []
        : (manager ? db.companies.toCollection() : db.companies.where('ownerRepId').equals(userId))
            .filter((c) => c.name.toLowerCase().includes(words))
            .limit(8)
            .toArray(),
    [db, userId, manager, words],
  );
  return (
    <section className="pool-release" data-testid="pool-release">
      <h3>{t('pool.release.title')}</h3>
      <p className="hint">{t('pool.release.hint')}</p>
      <input
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t('pool.release.search')}
        aria-label={t('pool.release.search')}
        data-testid="pool-release-search"
      />
      {words.length >= 2 && found?.length === 0 && <p className="hint">{t('pool.release.none')}</p>}
      <ul>
        {found?.map((c) => (
          <li key={c.id} data-testid="pool-release-item">
            <strong>{c.name}</strong> <ReleaseToPool company={c} db={db} onReleased={onReleased} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The team's active reps and managers, as the last pull listed them. */
export function useRepsOfTeam(db: CrmDb) {
  const [reps, setReps] = useState<{ id: string; name: string; role: string }[]>([]);
  useEffect(() => {
    void db.reps
      .toArray()
      .then((all) =>
        setReps(all.filter((r) => r.role !== 'admin').sort((a, b) => a.name.localeCompare(b.name))),
      );
  }, [db]);
  return reps;
}

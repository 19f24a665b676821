import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { askRules, type RulesAnswer } from '@/lib/team/messages';
import {
  HandoverRecordSchema,
  TeamOverviewSchema,
  TeamRuleSettingsSchema,
  type TeamRuleSettings,
} from '@/lib/team/protocol';
import { useTeamStatus } from './useTeamStatus';
import { Unreachable, useRulesView } from './useRulesView';

// The manager's view on the options page: the team's reps with their customer counts
// and pool activity, pending transfer requests, handover of a rep's whole book (to one
// successor or several in turn) with its audit trail, and the pool's settings.

export function ManagerView({ db = defaultDb }: { db?: CrmDb }) {
  const { t, i18n } = useTranslation();
  const status = useTeamStatus(db);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState<string[]>([]);
  const manager = status?.user?.role === 'manager' || status?.user?.role === 'admin';

  const [overview, load] = useRulesView('rules/overview', TeamOverviewSchema, manager);

  if (status === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (!manager) return <p className="hint">{t('pool.manage.managersOnly')}</p>;
  if (overview === null) return <p className="loading">{t('common.loading')}</p>;
  if (overview === 'error') return <Unreachable onRetry={() => void load()} />;

  const explain = (answer: RulesAnswer) =>
    t(`pool.errors.${answer.error ?? 'error'}`, { defaultValue: answer.message ?? t('pool.errors.error') });
  const act = async (run: () => Promise<RulesAnswer>, ok: (answer: RulesAnswer) => string) => {
    setBusy(true);
    setMessage(null);
    const answer = await run().catch((): RulesAnswer => ({ ok: false, error: 'unreachable' }));
    setMessage(answer.ok ? { kind: 'ok', text: ok(answer) } : { kind: 'error', text: explain(answer) });
    await load();
    setBusy(false);
  };
  const name = (id: string) => overview.reps.find((r) => r.id === id)?.name ?? id;
  const active = overview.reps.filter((r) => !r.disabled);
  const leaving = overview.reps.find((r) => r.id === from);

  const handOver = () => {
    if (!leaving || !to.length) return;
    if (
      !confirm(
        t('pool.manage.confirm', {
          count: leaving.customers,
          from: leaving.name,
          to: to.map(name).join(', '),
        }),
      )
    )
      return;
    void act(
      () => askRules(browser.runtime, { type: 'rules/handover', request: { fromRepId: from, toRepIds: to } }),
      (answer) => {
        const record = HandoverRecordSchema.safeParse(answer.data);
        return record.success ? t('pool.manage.done', { ...record.data }) : t('pool.manage.doneShort');
      },
    );
    setFrom('');
    setTo([]);
  };

  return (
    <div className="settings manage" data-testid="manage">
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'error' : 'ok'}
          data-testid="manage-message"
        >
          {message.text}
        </p>
      )}
      <h3>{t('pool.manage.repsTitle')}</h3>
      <table className="reps" data-testid="manage-reps">
        <thead>
          <tr>
            <th>{t('pool.manage.rep')}</th>
            <th>{t('pool.manage.customers')}</th>
            <th>{t('pool.manage.claimed')}</th>
            <th>{t('pool.manage.returned')}</th>
          </tr>
        </thead>
        <tbody>
          {overview.reps.map((r) => (
            <tr key={r.id} data-testid="manage-rep">
              <td>
                {r.name}
                {r.disabled ? ` (${t('team.people.disabled')})` : ''}
              </td>
              <td data-testid="manage-rep-customers">{r.customers}</td>
              <td>{r.claimed}</td>
              <td>{r.returned}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint" data-testid="manage-pool-count">
        {t('pool.manage.inPool', { count: overview.pool })}
      </p>

      <h3>{t('pool.manage.transfersTitle')}</h3>
      {overview.transfers.length === 0 ? (
        <p className="hint">{t('pool.manage.noTransfers')}</p>
      ) : (
        <ul data-testid="manage-transfers">
          {overview.transfers.map((r) => (
            <li key={r.id} data-testid="manage-transfer">
              {t('pool.manage.transfer', {
                who: r.requestedByName,
                company: r.companyName,
                owner: r.ownerName ?? t('pool.manage.thePool'),
                date: new Date(r.createdAt).toLocaleDateString(i18n.language),
              })}
              {r.note ? ` “${r.note}”` : ''}{' '}
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(
                    () =>
                      askRules(browser.runtime, { type: 'rules/decide-transfer', id: r.id, approve: true }),
                    () => t('pool.manage.approved', { company: r.companyName, who: r.requestedByName }),
                  )
                }
              >
                {t('pool.manage.approve')}
              </button>{' '}
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(
                    () =>
                      askRules(browser.runtime, { type: 'rules/decide-transfer', id: r.id, approve: false }),
                    () => t('pool.manage.declined'),
                  )
                }
              >
                {t('pool.manage.decline')}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('pool.manage.handoverTitle')}</h3>
      <p className="hint">{t('pool.manage.handoverHint')}</p>
      <label>
        {t('pool.manage.from')}
        <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="handover-from">
          <option value="">{t('pool.manage.pick')}</option>
          {overview.reps
            .filter((r) => r.customers > 0)
            .map((r) => (
              <option key={r.id} value={r.id}>
                {t('pool.manage.repWith', { name: r.name, count: r.customers })}
              </option>
            ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('pool.manage.to')}</legend>
        {active
          .filter((r) => r.id !== from)
          .map((r) => (
            <label key={r.id}>
              <input
                type="checkbox"
                checked={to.includes(r.id)}
                onChange={(e) =>
                  setTo((a) => (e.target.checked ? [...a, r.id] : a.filter((x) => x !== r.id)))
                }
                data-testid="handover-to"
                data-rep={r.name}
              />{' '}
              {r.name}
            </label>
          ))}
      </fieldset>
      <button
        type="button"
        className="primary"
        disabled={busy || !from || !to.length}
        onClick={handOver}
        data-testid="handover-run"
      >
        {t('pool.manage.handOver')}
      </button>
      {overview.handovers.length > 0 && (
        <ul className="hint" data-testid="handover-audit">
          {overview.handovers.map((h) => (
            <li key={h.id} data-testid="handover-record">
              {t('pool.manage.record', {
                date: new Date(h.at).toLocaleString(i18n.language),
                by: name(h.byUser),
                from: name(h.fromUser),
                to: h.toUsers.map(name).join(', '),
                companies: h.companies,
                interactions: h.interactions,
              })}
            </li>
          ))}
        </ul>
      )}

      <h3>{t('pool.manage.settingsTitle')}</h3>
      <RuleSettingsForm
        settings={overview.settings}
        onSave={(settings) =>
          act(
            () => askRules(browser.runtime, { type: 'rules/save-settings', settings }),
            () => t('pool.manage.saved'),
          )
        }
      />
    </div>
  );
}

const FIELDS = [
  'poolIdleDays',
  'poolWarnDays',
  'poolClaimsPerDay',
  'poolCooldownDays',
  'nameSimilarity',
] as const;

function RuleSettingsForm({
  settings,
  onSave,
}: {
  settings: TeamRuleSettings;
  onSave: (s: TeamRuleSettings) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Record<(typeof FIELDS)[number], string>>(
    () =>
      Object.fromEntries(FIELDS.map((f) => [f, String(settings[f])])) as Record<
        (typeof FIELDS)[number],
        string
      >,
  );
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const parsed = TeamRuleSettingsSchema.safeParse(
      Object.fromEntries(FIELDS.map((f) => [f, Number(form[f])])),
    );
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      return setError(t('pool.manage.badSetting', { field: t(`pool.settings.${String(field)}`) }));
    }
    setError(null);
    void onSave(parsed.data);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      data-testid="rule-settings"
    >
      {FIELDS.map((f) => (
        <label key={f}>
          {t(`pool.settings.${f}`)}
          <input
            type="number"
            step={f === 'nameSimilarity' ? 0.05 : 1}
            value={form[f]}
            onChange={(e) => setForm((s) => ({ ...s, [f]: e.target.value }))}
          />
        </label>
      ))}
      <button type="submit">{t('pool.manage.save')}</button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

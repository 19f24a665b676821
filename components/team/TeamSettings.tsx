import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import { db as defaultDb, type CrmDb } from '@/lib/db/db';
import { askTeam, ServerUrlSchema, type TeamAnswer } from '@/lib/sync/messages';
import { clearRejected, refusedFile, refusedFileName, SHOWN_REJECTED } from '@/lib/sync/status';
import { rejectionReason } from '@/lib/team/rejection';
import { REP_ROLES, type RepRole } from '@/lib/db/types';
import type { TeamMember } from '@/lib/sync/protocol';
import { saveBlob } from '../handover/download';
import { useTeamStatus } from './useTeamStatus';

// The options page's Team section: sign in to the team server (asking for its host
// permission inside the click), the sync status, refused changes, and for an admin
// the team's people. The token stays in the background.

/** Asks for the server's host permission; must run inside the click. */
export type RequestOrigin = (pattern: string) => Promise<boolean>;
const requestOriginDefault: RequestOrigin = (pattern) => browser.permissions.request({ origins: [pattern] });
const send = (message: Parameters<typeof askTeam>[1]) => askTeam(browser.runtime, message);

export function originPattern(url: string): string | null {
  try {
    return `${new URL(url).origin}/*`;
  } catch {
    return null;
  }
}

export function TeamSettings({
  db = defaultDb,
  requestOrigin = requestOriginDefault,
}: {
  db?: CrmDb;
  requestOrigin?: RequestOrigin;
}) {
  const { t, i18n } = useTranslation();
  const status = useTeamStatus(db);
  const [serverUrl, setServerUrl] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const explain = (answer: TeamAnswer) =>
    t(`team.errors.${answer.error ?? 'error'}`, { defaultValue: answer.message ?? t('team.errors.error') });

  const signIn = async () => {
    setError(null);
    const url = ServerUrlSchema.safeParse(serverUrl);
    if (!url.success) return setError(t('team.errors.badUrl'));
    if (!email.trim() || !password) return setError(t('team.errors.missing'));
    const pattern = originPattern(url.data)!;
    let granted = false;
    try {
      granted = await requestOrigin(pattern);
    } catch {
      granted = false;
    }
    if (!granted) return setError(t('team.errors.permission', { origin: pattern }));
    setBusy(true);
    try {
      const answer = await send({ type: 'team/sign-in', serverUrl: url.data, email, password });
      if (!answer.ok) setError(explain(answer));
      else setPassword('');
    } catch {
      setError(t('team.errors.unreachable'));
    } finally {
      setBusy(false);
    }
  };

  if (status === undefined) return <p className="loading">{t('common.loading')}</p>;

  if (!status.user)
    return (
      <form
        className="settings"
        data-testid="team-sign-in"
        onSubmit={(e) => {
          e.preventDefault();
          void signIn();
        }}
      >
        <p>{t('team.explain')}</p>
        <label>
          {t('team.serverUrl')}
          <input
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            placeholder="https://crm.example.com"
            data-testid="team-server-url"
          />
        </label>
        <label>
          {t('team.email')}
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="team-email"
          />
        </label>
        <label>
          {t('team.password')}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="team-password"
          />
        </label>
        <button type="submit" disabled={busy} data-testid="team-sign-in-button">
          {busy ? t('team.signingIn') : t('team.signIn')}
        </button>
        {error && (
          <p role="alert" className="error" data-testid="team-error">
            {error}
          </p>
        )}
      </form>
    );

  const c = status.connection;
  return (
    <div className="settings" data-testid="team-signed-in">
      <dl className="team-status">
        <dt>{t('team.signedInLabel')}</dt>
        <dd data-testid="team-user">
          {status.user.name} &lt;{status.user.email}&gt; · {t(`team.roles.${status.user.role}`)} ·{' '}
          {status.user.serverUrl}
        </dd>
        <dt>{t('team.connection')}</dt>
        <dd data-testid="team-connection">
          {c?.online ? t('team.online') : t('team.offline')}
          {c?.lastError && !c.online ? ` (${c.lastError})` : ''}
        </dd>
        <dt>{t('team.pendingLabel')}</dt>
        <dd data-testid="team-pending-count">{t('team.pending', { count: status.pending })}</dd>
        <dt>{t('team.lastSyncLabel')}</dt>
        <dd>{c?.lastSyncAt ? new Date(c.lastSyncAt).toLocaleString(i18n.language) : t('team.never')}</dd>
        {c?.progress ? (
          <>
            <dt>{t('team.firstSync')}</dt>
            <dd>
              <progress value={c.progress.done} max={c.progress.total} /> {c.progress.done} /{' '}
              {c.progress.total}
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <button
          type="button"
          onClick={() => void send({ type: 'team/sync-now' })}
          data-testid="team-sync-now"
        >
          {t('team.syncNow')}
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            if (status.pending > 0 && !confirm(t('team.signOutPending', { count: status.pending }))) return;
            void send({ type: 'team/sign-out' });
          }}
          data-testid="team-sign-out"
        >
          {t('team.signOut')}
        </button>
      </p>
      {status.rejected.length > 0 && (
        <section data-testid="team-rejected">
          <h3>{t('team.rejectedTitle')}</h3>
          <ul>
            {status.rejected.slice(0, SHOWN_REJECTED).map((r) => (
              <li key={`${r.id}-${r.at}`}>
                {t('team.rejectedItem', {
                  kind: t(`team.kinds.${r.kind}`),
                  name:
                    r.kind === 'settings'
                      ? t(`team.settingNames.${r.key}`, { defaultValue: r.key })
                      : String(
                          r.value?.name ?? r.value?.subject ?? r.value?.summary ?? r.value?.title ?? r.key,
                        ),
                  reason: rejectionReason(r, t),
                  interpolation: { escapeValue: false },
                })}
              </li>
            ))}
          </ul>
          {status.rejected.length > SHOWN_REJECTED && (
            <p className="hint" data-testid="team-rejected-more">
              {t('team.rejectedMore', { count: status.rejected.length - SHOWN_REJECTED })}
            </p>
          )}
          <p className="hint">{t('team.rejectedKept')}</p>
          <button
            type="button"
            data-testid="team-rejected-save"
            onClick={() =>
              saveBlob(
                new Blob([refusedFile(status.rejected)], { type: 'application/json' }),
                refusedFileName(),
              )
            }
          >
            {t('team.rejectedSave')}
          </button>{' '}
          <button
            type="button"
            data-testid="team-rejected-clear"
            onClick={() => {
              if (!confirm(t('team.rejectedClearConfirm', { count: status.rejected.length }))) return;
              void clearRejected(db, status.rejected);
            }}
          >
            {t('team.rejectedClear')}
          </button>
        </section>
      )}
      {status.user.role === 'admin' && <TeamPeople selfId={status.user.id} />}
    </div>
  );
}

/** The admin's list of the team's people (each can be disabled and enabled again), and a form to add one. */
function TeamPeople({ selfId }: { selfId: string }) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<TeamMember[] | null>(null);
  const [form, setForm] = useState({ email: '', name: '', role: 'rep' as RepRole, password: '' });
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  /** The person whose disabling waits for a confirmation, and the one being changed now. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const [changing, setChanging] = useState<string | null>(null);
  const [listMessage, setListMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const load = () => void send({ type: 'team/users' }).then((a) => setUsers(a.ok ? (a.users ?? []) : []));
  useEffect(load, []);

  const add = async () => {
    setMessage(null);
    const answer = await send({ type: 'team/add-user', user: form }).catch(() => null);
    if (answer?.ok) {
      setMessage({ kind: 'ok', text: t('team.people.added', { email: form.email }) });
      setForm({ email: '', name: '', role: 'rep', password: '' });
      load();
    } else
      setMessage({
        kind: 'error',
        text: t(`team.errors.${answer?.error ?? 'error'}`, { defaultValue: answer?.message ?? '' }),
      });
  };

  const setDisabled = async (person: TeamMember, disabled: boolean) => {
    setConfirming(null);
    setChanging(person.id);
    setListMessage(null);
    const answer = await send({ type: 'team/set-disabled', userId: person.id, disabled }).catch(() => null);
    setChanging(null);
    if (answer?.ok)
      setListMessage({
        kind: 'ok',
        text: t(disabled ? 'team.people.disabledDone' : 'team.people.enabledDone', { name: person.name }),
      });
    else
      setListMessage({
        kind: 'error',
        text: t(`team.errors.${answer?.error ?? 'unreachable'}`, {
          defaultValue: answer?.message ?? t('team.errors.error'),
        }),
      });
    load();
  };

  return (
    <section data-testid="team-people">
      <h3>{t('team.people.title')}</h3>
      {users === null ? (
        <p className="loading">{t('common.loading')}</p>
      ) : (
        <ul className="team-people">
          {users.map((u) => (
            <li
              key={u.id}
              data-testid="team-person"
              data-email={u.email}
              className={u.disabled ? 'disabled' : ''}
            >
              <span className="who">
                {u.name} &lt;{u.email}&gt; · {t(`team.roles.${u.role}`)}
                {u.disabled && <span className="badge badge-high">{t('team.people.disabled')}</span>}
              </span>
              {u.id === selfId ? (
                <span className="hint">{t('team.people.you')}</span>
              ) : confirming === u.id ? (
                <span
                  className="confirm"
                  role="group"
                  aria-label={t('team.people.confirmLabel', { name: u.name })}
                >
                  <span>{t('team.people.confirmDisable', { name: u.name })}</span>
                  <button type="button" className="danger" onClick={() => void setDisabled(u, true)}>
                    {t('team.people.disable')}
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t('team.people.cancel')}
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  disabled={changing === u.id}
                  aria-label={t(u.disabled ? 'team.people.enableLabel' : 'team.people.disableLabel', {
                    name: u.name,
                  })}
                  onClick={() => (u.disabled ? void setDisabled(u, false) : setConfirming(u.id))}
                >
                  {t(u.disabled ? 'team.people.enable' : 'team.people.disable')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {listMessage && (
        <p role={listMessage.kind === 'error' ? 'alert' : 'status'} className={listMessage.kind}>
          {listMessage.text}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          {t('team.people.name')}
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('team.email')}
          <input
            type="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </label>
        <label>
          {t('team.people.role')}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as RepRole })}>
            {REP_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`team.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('team.people.password')}
          <input
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        <button type="submit">{t('team.people.add')}</button>
        {message && (
          <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind}>
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import type { CrmDb } from '@/lib/db/db';
import { useTeamStatus } from './useTeamStatus';

/** One line in the side panel: who is signed in to the team, online or not, what waits. Nothing when solo. */
export function TeamStatusLine({ db }: { db?: CrmDb }) {
  const { t, i18n } = useTranslation();
  const status = useTeamStatus(db);
  if (!status?.user) return null;
  const online = status.connection?.online ?? false;
  const last = status.connection?.lastSyncAt;
  return (
    <p className="team-line" data-testid="team-status-line" aria-live="polite">
      <span className={online ? 'team-online' : 'team-offline'} data-testid="team-online">
        {online ? t('team.online') : t('team.offline')}
      </span>{' '}
      {t('team.signedInAs', { name: status.user.name })}
      {' · '}
      <span data-testid="team-pending">{t('team.pending', { count: status.pending })}</span>
      {last ? ` · ${t('team.lastSync', { time: new Date(last).toLocaleTimeString(i18n.language) })}` : ''}
      {status.connection?.progress ? (
        <>
          {' · '}
          <progress
            value={status.connection.progress.done}
            max={status.connection.progress.total}
            data-testid="team-progress"
          />
        </>
      ) : null}
      {status.rejected.length ? (
        <>
          {' · '}
          <a
            href={browser.runtime.getURL('/options.html#team')}
            target="_blank"
            rel="noreferrer"
            className="error"
            data-testid="team-rejected-link"
          >
            {t('team.rejectedCount', { count: status.rejected.length })}
          </a>
        </>
      ) : null}
    </p>
  );
}

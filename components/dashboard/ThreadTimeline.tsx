import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrmDb } from '@/lib/db/db';
import type { Interaction } from '@/lib/db/types';
import { loadThreadTimeline } from '@/lib/metrics/load';
import type { ThreadRow } from '@/lib/metrics/dashboard';
import { formatDateTime } from './format';

// An expanded thread: every logged interaction of it, oldest first, read from the
// database when the row opens. Email content is hostile: subject, summary and
// outcome are rendered as text nodes only, never as HTML. The reopen link is there
// only when the thread's URL passed reopenUrl (https, a webmail host).

export function ThreadTimeline({
  db,
  thread,
  repName,
}: {
  db: CrmDb;
  thread: ThreadRow;
  repName: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Interaction[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    loadThreadTimeline(db, thread.ref).then(
      (rows) => live && setItems(rows),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [db, thread.ref]);

  return (
    <div className="thread-timeline" data-testid="thread-timeline">
      <h3>{t('dashboard.threads.timeline')}</h3>
      {thread.url && (
        <p>
          <a href={thread.url} target="_blank" rel="noopener noreferrer" data-testid="reopen-thread">
            {t('dashboard.threads.reopen')}
          </a>
        </p>
      )}
      {failed ? (
        <p role="alert" className="error">
          {t('dashboard.threads.timelineFailed')}
        </p>
      ) : items === null ? (
        <p className="loading" role="status">
          {t('dashboard.threads.loadingTimeline')}
        </p>
      ) : (
        <ol className="timeline">
          {items.map((x) => (
            <li key={x.id} data-testid="timeline-entry" data-direction={x.direction}>
              <span className="when">{formatDateTime(x.at, i18n.language)}</span>
              <span className="what">
                {t(`panel.direction.${x.direction}`)} · {t(`panel.channel.${x.channel}`)} ·{' '}
                {t(`panel.intent.${x.intent}`)} · {repName(x.repId)}
              </span>
              {x.subject && <span className="detail subject">{x.subject}</span>}
              {x.summary && <span className="detail">{x.summary}</span>}
              {x.outcome && (
                <span className="detail hint">{t('dashboard.threads.outcome', { text: x.outcome })}</span>
              )}
              {x.lostReason && (
                <span className="detail hint">
                  {t('dashboard.threads.lostReason', { reason: t(`panel.lostReason.${x.lostReason}`) })}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteInteraction, updateInteraction } from '@/lib/interactions/log';
import { db } from '@/lib/db/db';
import { INTENTS, type Intent, type Interaction } from '@/lib/db/types';
import type { TimelineEntry } from '@/lib/enrich/card';
import { dateFormat, numberFormat } from '@/lib/i18n/formats';
import { useAction } from './useAction';

/** The newest entries show at once; the rest one click away. */
const COLLAPSED_ENTRIES = 8;

/** Every logged interaction and order of this customer, newest first. */
export function Timeline({
  entries,
  highlightId,
  onChanged,
}: {
  entries: TimelineEntry[];
  highlightId: string | null;
  onChanged: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  if (entries.length === 0) {
    return <p className="empty">{t('panel.timeline.empty')}</p>;
  }
  const date = (ms: number) => dateFormat(i18n.language).format(ms);
  const shown = showAll ? entries : entries.slice(0, COLLAPSED_ENTRIES);
  return (
    <>
      <ol className="timeline" data-testid="timeline">
        {shown.map((entry) =>
          entry.kind === 'order' ? (
            <li key={`o-${entry.order.id}`} className="timeline-order" data-testid="timeline-order">
              <span className="when">{date(entry.at)}</span>
              <span className="what">
                {t(`panel.orderStatus.${entry.order.status}`)} ·{' '}
                {numberFormat(i18n.language, {
                  style: 'currency',
                  currency: entry.order.currency,
                }).format(entry.order.amount)}
              </span>
              {entry.order.reference && <span className="detail">{entry.order.reference}</span>}
            </li>
          ) : (
            <InteractionItem
              key={`i-${entry.interaction.id}`}
              interaction={entry.interaction}
              highlighted={entry.interaction.id === highlightId}
              when={date(entry.at)}
              onChanged={onChanged}
            />
          ),
        )}
      </ol>
      {entries.length > shown.length && (
        <button
          type="button"
          className="link"
          onClick={() => setShowAll(true)}
          data-testid="timeline-show-all"
        >
          {t('panel.timeline.showAll', { count: entries.length })}
        </button>
      )}
    </>
  );
}

function InteractionItem({
  interaction,
  highlighted,
  when,
  onChanged,
}: {
  interaction: Interaction;
  highlighted: boolean;
  when: string;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const [editing, setEditing] = useState(false);
  const [summary, setSummary] = useState(interaction.summary);
  const [outcome, setOutcome] = useState(interaction.outcome);
  const [intent, setIntent] = useState<Intent>(interaction.intent);

  const save = () =>
    run(async () => {
      // Now a complaint, or no longer one: the background revalues the company (from the change feed).
      await updateInteraction(db, interaction.id, { summary, outcome, intent });
      setEditing(false);
      await onChanged();
    });
  const remove = () =>
    run(async () => {
      if (!window.confirm(t('panel.timeline.confirmDelete'))) return;
      await deleteInteraction(db, interaction.id);
      await onChanged();
    });

  return (
    <li
      className={highlighted ? 'timeline-interaction current' : 'timeline-interaction'}
      data-testid="timeline-interaction"
    >
      <span className="when">{when}</span>
      <span className="what">
        {t(`panel.direction.${interaction.direction}`)} · {t(`panel.channel.${interaction.channel}`)} ·{' '}
        {t(`panel.intent.${interaction.intent}`)}
      </span>
      {editing ? (
        <div className="edit">
          <select
            value={intent}
            onChange={(e) => setIntent(e.target.value as Intent)}
            aria-label={t('panel.log.intent')}
          >
            {INTENTS.map((value) => (
              <option key={value} value={value}>
                {t(`panel.intent.${value}`)}
              </option>
            ))}
          </select>
          <textarea
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            aria-label={t('panel.log.summary')}
          />
          <input
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            aria-label={t('panel.log.outcome')}
          />
          <button type="button" disabled={busy} onClick={() => void save()}>
            {t('common.save')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <>
          {interaction.summary && <span className="detail">{interaction.summary}</span>}
          {interaction.outcome && <span className="detail outcome">→ {interaction.outcome}</span>}
          <span className="actions">
            <button type="button" className="link" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </button>
            <button type="button" className="link danger" disabled={busy} onClick={() => void remove()}>
              {t('common.delete')}
            </button>
          </span>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </li>
  );
}

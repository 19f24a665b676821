import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '@/lib/db/db';
import { INTENTS, type Intent, type LostReason } from '@/lib/db/types';
import type { Card } from '@/lib/enrich/card';
import { defaultFollowUp, fromLocalInput, guessIntent, toLocalInput } from '@/lib/panel/logDefaults';
import { logOnce } from '@/lib/panel/logOnce';
import { LostReasonPicker } from '../value/LostReasonPicker';
import { useAction } from './useAction';

/**
 * "Log this contact": intent, summary, outcome and a follow-up date that becomes a reminder.
 * Written once per message: a second click while logging does nothing, and once the open
 * message is logged the form gives way to a note (the logged contact is edited in the history).
 */
export function LogForm({ card, onLogged }: { card: Card; onLogged: () => Promise<void> }) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  // A ref, not state: two clicks in one frame both see the state of before the first.
  const submitting = useRef(false);
  const [done, setDone] = useState(false);
  const [intent, setIntent] = useState<Intent>(() =>
    guessIntent(card.inquiry.subject, card.inquiry.bodyText),
  );
  const [summary, setSummary] = useState(card.inquiry.subject);
  const [outcome, setOutcome] = useState('');
  const [followUp, setFollowUp] = useState(() => toLocalInput(defaultFollowUp(Date.now())));
  const [lostReason, setLostReason] = useState<LostReason | ''>('');
  // The rep says the customer is lost or leaving: the reason is what the win-back rests on, so it is asked.
  const [lost, setLost] = useState(false);
  const [reasonMissing, setReasonMissing] = useState(false);
  const declining = card.value?.stage === 'decline';
  const askReason = lost || declining || intent === 'complaint';

  const submit = () => {
    if (lost && !lostReason) {
      setReasonMissing(true);
      return Promise.resolve();
    }
    if (submitting.current) return Promise.resolve();
    submitting.current = true;
    return run(async () => {
      const followUpAt = followUp ? fromLocalInput(followUp) : undefined;
      if (followUp && followUpAt === undefined) throw new Error('invalid-date');
      await logOnce(db, {
        companyId: card.company?.id,
        contactId: card.contact?.id,
        threadId: card.inquiry.threadId,
        messageId: card.inquiry.messageId,
        url: card.inquiry.url,
        direction: card.direction,
        channel: 'email',
        at: card.inquiry.date || Date.now(),
        subject: card.inquiry.subject,
        summary,
        intent,
        outcome,
        lostReason: (askReason && lostReason) || undefined,
        followUpAt,
      });
      // Complaints, cadence and cost to serve move the customer's value and stage: the background
      // revalues it from the change feed, and the card redraws when the new value is stored.
      // Until the card reloads with the logged message, the note stands in for it.
      setDone(true);
      await onLogged();
      setDone(false);
    }).finally(() => {
      submitting.current = false;
    });
  };

  if (done || card.loggedInteractionId) {
    return (
      <section className="log-form" data-testid="log-form">
        <h3>{t('panel.log.title')}</h3>
        <p className="log-done" role="status" data-testid="log-done">
          {t('panel.log.done')}
        </p>
      </section>
    );
  }

  return (
    <form
      className="log-form"
      data-testid="log-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('panel.log.title')}</h3>
      <label>
        {t('panel.log.intent')}
        <select value={intent} onChange={(e) => setIntent(e.target.value as Intent)} data-testid="log-intent">
          {INTENTS.map((value) => (
            <option key={value} value={value}>
              {t(`panel.intent.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('panel.log.summary')}
        <textarea
          value={summary}
          rows={3}
          onChange={(e) => setSummary(e.target.value)}
          data-testid="log-summary"
        />
      </label>
      <label>
        {t('panel.log.outcome')}
        <input value={outcome} onChange={(e) => setOutcome(e.target.value)} data-testid="log-outcome" />
      </label>
      <label>
        <input
          type="checkbox"
          style={{ display: 'inline', width: 'auto', margin: '0 4px 0 0' }}
          checked={lost}
          onChange={(e) => (setLost(e.target.checked), setReasonMissing(false))}
          data-testid="log-lost"
        />{' '}
        {t('value.lostReason.customerLost')}
      </label>
      {askReason && (
        <LostReasonPicker
          value={lostReason}
          onChange={(reason) => (setLostReason(reason), setReasonMissing(false))}
        />
      )}
      {reasonMissing && (
        <p role="alert" className="error" data-testid="lost-reason-missing">
          {t('value.lostReason.required')}
        </p>
      )}
      <label>
        {t('panel.log.followUp')}
        <input
          type="datetime-local"
          value={followUp}
          onChange={(e) => setFollowUp(e.target.value)}
          data-testid="log-follow-up"
        />
      </label>
      <button type="submit" className="primary" disabled={busy} data-testid="log-submit">
        {t('panel.log.submit')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

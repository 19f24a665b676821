import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Card } from '@/lib/enrich/card';
import { numberFormat } from '@/lib/i18n/formats';
import { summarize, waitedFor } from '@/lib/panel/summary';
import { reasonText } from '../value/reasonText';

/** The card's first line: the email's intent, tier and stage, the next step, and how long it has waited. */
export function CardSummary({ card }: { card: Card }) {
  const { t, i18n } = useTranslation();
  // The clock the waiting time is read against, ticking each minute while the card is open.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const summary = summarize(card);
  const next =
    summary.next.kind === 'value'
      ? reasonText(t, summary.next.reason, i18n.language)
      : summary.next.kind === 'intent'
        ? t(`panel.summary.nextFor.${summary.next.intent}`)
        : t(`panel.summary.${summary.next.kind}`);
  const waited = summary.waitingSince ? waitedFor(summary.waitingSince, now) : null;
  return (
    <p className="summary" data-testid="card-summary" data-intent={summary.intent}>
      <span className="badge" data-testid="summary-intent">
        {t(`panel.intent.${summary.intent}`)}
      </span>
      {summary.tier && (
        <span className={`badge tier-${summary.tier}`} data-testid="summary-tier">
          {t(`value.tier.${summary.tier}`)}
        </span>
      )}
      {summary.stage && <span data-testid="summary-stage">{t(`value.stage.${summary.stage}`)}</span>}
      {waited && (
        <span className="waiting" data-testid="summary-waiting">
          {t('panel.summary.waiting', {
            duration: numberFormat(i18n.language, {
              style: 'unit',
              unit: waited.unit,
              unitDisplay: 'long',
            }).format(waited.amount),
          })}
        </span>
      )}
      <span className="next" data-testid="summary-next">
        {t('panel.summary.next', { action: next })}
      </span>
    </p>
  );
}

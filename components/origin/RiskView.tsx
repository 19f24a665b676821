import { useTranslation } from 'react-i18next';
import type { Risk } from '@/lib/risk/schema';

// The scam check: level badge, score and each signal's reason (i18n key
// risk.signal.<id>, filled with the signal's params). It warns; nothing here
// blocks or hides the mail.

export function RiskView({ risk }: { risk: Risk }) {
  const { t } = useTranslation();
  return (
    <section className={`risk risk-${risk.level}`} data-testid="risk">
      <h3 className="risk-title">{t('risk.title')}</h3>
      <p className="risk-summary">
        <span
          className={`risk-badge risk-badge-${risk.level}`}
          data-testid="risk-level"
          data-level={risk.level}
        >
          {t(`risk.level.${risk.level}`)}
        </span>{' '}
        <span className="risk-score" data-testid="risk-score">
          {t('risk.score', { score: risk.score })}
        </span>
      </p>
      {risk.signals.length ? (
        <ul className="risk-signals">
          {risk.signals.map((signal) => (
            <li
              key={signal.id}
              className="risk-signal"
              data-testid={`risk-signal-${signal.id}`}
              data-weight={signal.weight}
            >
              {t(`risk.signal.${signal.id}`, { ...signal.params, defaultValue: signal.id })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="risk-none" data-testid="risk-none">
          {t('risk.noSignals')}
        </p>
      )}
      <p className="risk-note">{t('risk.warnOnly')}</p>
    </section>
  );
}

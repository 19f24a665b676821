import { useTranslation } from 'react-i18next';
import { RISK_SCORE_CAP, RISK_THRESHOLDS, type Risk } from '@/lib/risk/schema';

// The scam check: level badge, score and each signal's reason (i18n key
// risk.signal.<id>, filled with the signal's params) with the points it adds
// to the score, and how the score turns into a level. It warns; nothing here
// blocks or hides the mail.

export function RiskView({ risk }: { risk: Risk }) {
  const { t } = useTranslation();
  const sum = risk.signals.reduce((total, s) => total + s.weight, 0);
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
            <li key={signal.id} className="risk-signal" data-weight={signal.weight}>
              <span className="risk-signal-weight" data-testid={`risk-weight-${signal.id}`}>
                {t('risk.weight', { weight: signal.weight })}
              </span>{' '}
              <span className="risk-signal-reason" data-testid={`risk-signal-${signal.id}`}>
                {t(`risk.signal.${signal.id}`, { ...signal.params, defaultValue: signal.id })}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="risk-none" data-testid="risk-none">
          {t('risk.noSignals')}
        </p>
      )}
      <p className="risk-explained" data-testid="risk-explained">
        {sum > RISK_SCORE_CAP
          ? t('risk.capped', { sum, cap: RISK_SCORE_CAP })
          : t('risk.sum', { cap: RISK_SCORE_CAP })}{' '}
        {t('risk.thresholds', { medium: RISK_THRESHOLDS.medium, high: RISK_THRESHOLDS.high })}
      </p>
      <p className="risk-note">{t('risk.warnOnly')}</p>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { RISK_SCORE_CAP, RISK_THRESHOLDS, type Risk, type RiskSignal } from '@/lib/risk/schema';
import { countryName } from './countryName';

// The scam check: a coloured level with its score (green, amber, red), each
// signal's reason (i18n key risk.signal.<id>, filled with the signal's params)
// with the points it adds, and how the score turns into a level. A low level is
// one folded line, so a known customer's card does not open with scam checks;
// medium and high open with every signal shown. It warns; nothing here blocks
// or hides the mail.

/** Country codes in a signal's text ("NG, DE") by name in the UI's language. */
function signalParams(signal: RiskSignal, language: string): RiskSignal['params'] {
  if (typeof signal.params.countries !== 'string') return signal.params;
  const countries = signal.params.countries
    .split(/,\s*/)
    .map((part) => (/^[A-Z]{2}$/.test(part) ? countryName(part, language) : part))
    .join(language.startsWith('zh') ? '、' : ', ');
  return { ...signal.params, countries };
}

export function RiskView({ risk }: { risk: Risk }) {
  const { t, i18n } = useTranslation();
  const sum = risk.signals.reduce((total, s) => total + s.weight, 0);
  const open = risk.level !== 'low';
  return (
    <details
      className={`risk risk-${risk.level}`}
      data-testid="risk"
      data-level={risk.level}
      open={open}
      aria-label={t('risk.title')}
    >
      <summary className="risk-summary">
        <h3 className="risk-title">{t('risk.title')}</h3>
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
        {!open && risk.signals.length > 0 && (
          <span className="hint"> {t('risk.signalCount', { count: risk.signals.length })}</span>
        )}
      </summary>
      {risk.signals.length ? (
        <ul className="risk-signals">
          {risk.signals.map((signal) => (
            <li key={signal.id} className="risk-signal" data-weight={signal.weight}>
              <span className="risk-signal-weight" data-testid={`risk-weight-${signal.id}`}>
                {t('risk.weight', { weight: signal.weight })}
              </span>{' '}
              <span className="risk-signal-reason" data-testid={`risk-signal-${signal.id}`}>
                {t(`risk.signal.${signal.id}`, {
                  ...signalParams(signal, i18n.language),
                  defaultValue: signal.id,
                })}
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
    </details>
  );
}

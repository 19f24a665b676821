import { useTranslation } from 'react-i18next';
import type { CustomerValue } from '@/lib/value/schema';
import { formatMoney, reasonText } from './reasonText';

/**
 * The card's value section: tier badge and why (value, rank, percentile, the main
 * drivers), the lifecycle stage and its signals, the task and the next action.
 */
export function ValueView({ value }: { value: CustomerValue }) {
  const { t, i18n } = useTranslation();
  const money = (x: number) => formatMoney(x, value.currency, i18n.language);
  const percent = Math.max(0.1, Math.round(value.percentile * 10) / 10);
  return (
    <section className="value-view" data-testid="value-view">
      <h3>{t('value.title')}</h3>
      <p>
        <span className={`badge tier-${value.tier}`} data-testid="tier-badge" data-tier={value.tier}>
          {t(`value.tier.${value.tier}`)}
        </span>{' '}
        {value.negative && (
          <span className="badge level-high" data-testid="negative-flag" title={t('value.negativeHint')}>
            {t('value.negative')}
          </span>
        )}{' '}
        <span data-testid="rank">
          {value.rankOf
            ? t('value.rank', { rank: value.rank, count: value.rankOf })
            : t('value.rankAlone', { rank: value.rank })}
        </span>
        {' · '}
        <span data-testid="percentile">{t('value.percentile', { percent })}</span>
      </p>
      <p className="hint" data-testid="tier-treatment">
        {t(`value.treatment.${value.tier}`)}
      </p>
      <dl>
        <dt>{t('value.clv')}</dt>
        <dd data-testid="clv">{money(value.clv)}</dd>
        <dt>{t('value.currentShort')}</dt>
        <dd data-testid="current-value">{money(value.currentValue)}</dd>
        <dt>{t('value.potential')}</dt>
        <dd data-testid="potential-value">{money(value.potentialValue)}</dd>
      </dl>
      <h4>{t('value.why')}</h4>
      <ul data-testid="drivers">
        {value.drivers.map((d, i) => (
          <li key={i} data-reason={d.id}>
            {reasonText(t, d, i18n.language)}
          </li>
        ))}
      </ul>
      <h4>
        {t('value.stageLabel')}
        {t('value.colon')}
        <span data-testid="stage" data-stage={value.stage}>
          {t(`value.stage.${value.stage}`)}
        </span>
      </h4>
      <ul data-testid="stage-signals">
        {value.stageSignals.map((s, i) => (
          <li key={i} data-reason={s.id}>
            {reasonText(t, s, i18n.language)}
          </li>
        ))}
      </ul>
      <p>
        {t('value.taskLabel')}
        {t('value.colon')}
        <strong data-testid="task" data-task={value.task}>
          {t(`value.task.${value.task}`)}
        </strong>
      </p>
      <p>
        {t('value.nextActionLabel')}
        {t('value.colon')}
        <span data-testid="next-action" data-reason={value.nextAction.id}>
          {reasonText(t, value.nextAction, i18n.language)}
        </span>
      </p>
    </section>
  );
}

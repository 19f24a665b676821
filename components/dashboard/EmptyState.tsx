import { useTranslation } from 'react-i18next';

const PARTS = ['scorecard', 'picture', 'atRisk', 'trends', 'sources', 'threads'] as const;

/** An empty book: what each part of the dashboard will show, what fills it, and how contacts get logged. */
export function EmptyState() {
  const { t } = useTranslation();
  return (
    <section
      className="dashboard-section empty-state"
      data-testid="dashboard-empty"
      aria-labelledby="empty-title"
    >
      <h2 id="empty-title">{t('dashboard.empty.title')}</h2>
      <p>{t('dashboard.empty.body')}</p>
      <h3>{t('dashboard.empty.partsTitle')}</h3>
      <ul data-testid="empty-parts">
        {PARTS.map((p) => (
          <li key={p}>{t(`dashboard.empty.parts.${p}`)}</li>
        ))}
      </ul>
      <h3 id="how-to-log">{t('dashboard.empty.howTitle')}</h3>
      <ol>
        <li>{t('dashboard.empty.step1')}</li>
        <li>{t('dashboard.empty.step2')}</li>
        <li>{t('dashboard.empty.step3')}</li>
      </ol>
      <p>
        <a href="/options.html#demo" data-testid="empty-demo-link">
          {t('dashboard.empty.demo')}
        </a>
        {' · '}
        <a href="/options.html">{t('dashboard.empty.settings')}</a>
      </p>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { Origin, OriginEvidence } from '@/lib/origin/schema';
import { countryName } from './countryName';

// Where the open inquiry comes from: the best answer, how sure it is, and every
// piece of evidence with its source. Plain text only: evidence details are
// copied from hostile mail and are rendered as React text, never as HTML.

function EvidenceItem({ evidence }: { evidence: OriginEvidence }) {
  const { t, i18n } = useTranslation();
  const place = evidence.country
    ? countryName(evidence.country, i18n.language)
    : evidence.countries?.length
      ? t('origin.candidates', { n: evidence.countries.length })
      : t('origin.unknownCountry');
  return (
    <li
      className="origin-evidence"
      data-testid={`origin-evidence-${evidence.source}`}
      data-confidence={evidence.confidence}
    >
      <span className="origin-evidence-source">{t(`origin.source.${evidence.source}`)}</span>
      {t('origin.colon')}
      <span className="origin-evidence-place">{place}</span>{' '}
      <span className="origin-evidence-detail">({evidence.detail})</span>
    </li>
  );
}

export function OriginView({ origin }: { origin: Origin }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="origin" data-testid="origin">
      <h3 className="origin-title">{t('origin.title')}</h3>
      <p className="origin-answer">
        <span className="origin-label">
          {t('origin.country')}
          {t('origin.colon')}
        </span>
        <strong data-testid="origin-country" data-country={origin.country ?? ''}>
          {origin.country ? countryName(origin.country, i18n.language) : t('origin.unknownCountry')}
        </strong>{' '}
        <span
          className={`origin-confidence origin-confidence-${origin.confidence}`}
          data-testid="origin-confidence"
        >
          {t('origin.confidenceLabel')}
          {t('origin.colon')}
          {t(`origin.confidence.${origin.confidence}`)}
        </span>
      </p>
      {origin.ip && (
        <p className="origin-ip">
          {t('origin.ip')}
          {t('origin.colon')}
          <code data-testid="origin-ip">{origin.ip}</code>
        </p>
      )}
      {origin.mismatch && (
        <p className="origin-mismatch" role="alert" data-testid="origin-mismatch">
          {t('origin.mismatch')}
        </p>
      )}
      {origin.providerHidesIp && (
        <p className="origin-note" data-testid="origin-provider-hides-ip">
          {t('origin.providerHidesIp')}
        </p>
      )}
      {!origin.headersAvailable && (
        <p className="origin-note" data-testid="origin-no-headers">
          {t('origin.noHeaders')}
        </p>
      )}
      <h4 className="origin-evidence-title">{t('origin.evidenceTitle')}</h4>
      {origin.evidence.length ? (
        <ul className="origin-evidence-list">
          {origin.evidence.map((evidence, index) => (
            <EvidenceItem key={`${evidence.source}-${index}`} evidence={evidence} />
          ))}
        </ul>
      ) : (
        <p className="origin-note" data-testid="origin-no-evidence">
          {t('origin.noEvidence')}
        </p>
      )}
    </section>
  );
}

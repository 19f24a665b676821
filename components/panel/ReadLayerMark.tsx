import { useTranslation } from 'react-i18next';
import type { ReadLayer } from '@/lib/email-limits';
import './read-layer.css';

/**
 * Marks a card field that a weaker layer of the page reader read (issue 15): not the webmail's own
 * ids but its accessible labels, its layout, or the rep's pick. Nothing for the strongest layer.
 */
export function ReadLayerMark({ layer, field }: { layer: ReadLayer | undefined; field: string }) {
  const { t } = useTranslation();
  if (!layer || layer === 'hooks') return null;
  const long = t(`reader.layer.${layer}`);
  return (
    <span
      className={`read-layer read-layer-${layer}`}
      data-testid={`read-layer-${field}`}
      data-layer={layer}
      title={long}
      aria-label={long}
    >
      {t(`reader.layerShort.${layer}`)}
    </span>
  );
}

/** Says which fields the reader cut to fit (a hostile page's 40,000-character name, a 1 MB body). */
export function ReadCutNote({ cut }: { cut: readonly string[] }) {
  const { t } = useTranslation();
  if (!cut.length) return null;
  const fields = cut.map((field) => t(`reader.cutField.${field}`)).join(t('reader.listSeparator'));
  return (
    <p className="hint" data-testid="read-cut">
      {t('reader.cut', { fields })}
    </p>
  );
}

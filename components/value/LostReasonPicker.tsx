import { useTranslation } from 'react-i18next';
import { LOST_REASONS, type LostReason } from '@/lib/db/types';

/**
 * Asks why a declining or lost customer is leaving (domain.md, win back). The log
 * form embeds it when the rep marks the customer lost or leaving (then a reason is
 * required), when the card's stage is decline, and for a complaint; '' means not known.
 */
export function LostReasonPicker({
  value,
  onChange,
  disabled,
}: {
  value: LostReason | '';
  onChange: (reason: LostReason | '') => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {t('value.lostReason.label')}
      <select
        data-testid="lost-reason"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as LostReason | '')}
      >
        <option value="">{t('value.lostReason.none')}</option>
        {LOST_REASONS.map((reason) => (
          <option key={reason} value={reason}>
            {t(`value.lostReason.${reason}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

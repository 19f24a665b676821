import { useTranslation } from 'react-i18next';
import { errorWithDetail } from '../panel/useAction';
import { CardView } from '../panel/CardView';
import { QuietCard } from './QuietCard';
import type { DroppedMail } from './useDroppedMail';

/** A dropped or pasted email's card, above which the rep can go back to the open webmail tab. */
export function DroppedCard({
  dropped,
  onChanged,
  onClose,
}: {
  dropped: DroppedMail;
  onChanged: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { view, mail, name } = dropped;
  const inquiry = view.state?.kind === 'inquiry' ? view.state.inquiry : mail.state.inquiry;
  let body;
  if (view.quiet) body = <QuietCard inquiry={inquiry} quiet={view.quiet} />;
  else if (view.card)
    body = (
      <CardView
        card={view.card}
        onChanged={onChanged}
        // A file has no webmail reply box: drafts are copied, never put into another tab's reply.
        onInsert={async () => ({ ok: false, reason: 'no-webmail-tab' })}
      />
    );
  else
    body = (
      <p role="alert" className="error" data-testid="panel-error">
        {errorWithDetail(
          t('panel.state.enrichFailed'),
          t('common.errorDetail', { detail: view.error ?? '?' }),
        )}
      </p>
    );
  return (
    <div className="dropped" data-testid="dropped" data-format={mail.format}>
      <p className="dropped-bar">
        <span data-testid="dropped-source">
          {name ? t('anymail.dropped.file', { name }) : t('anymail.dropped.pasted')}
        </span>{' '}
        <button type="button" className="link" data-testid="dropped-close" onClick={onClose}>
          {t('anymail.dropped.close')}
        </button>
      </p>
      {!mail.raw && (
        <p className="hint" data-testid="dropped-no-headers">
          {t('anymail.dropped.noHeaders')}
        </p>
      )}
      {body}
    </div>
  );
}

import './anymail.css';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import type { EmailInquiry } from '@/lib/email';
import { counterpartOf } from '@/lib/enrich/enrich';
import type { QuietReason } from '@/lib/privacy/neverLog';

/**
 * The quiet card: mail on the never-log list or between colleagues. Who it is from and why it is
 * quiet; no log action, no reminder, no drafts, and nothing about it was written to the book.
 */
export function QuietCard({ inquiry, quiet }: { inquiry: EmailInquiry; quiet: QuietReason }) {
  const { t } = useTranslation();
  const { counterpart } = counterpartOf(inquiry);
  return (
    <article className="card card-quiet" data-testid="quiet-card" data-kind={quiet.kind}>
      <header className="sender">
        <h2 data-testid="sender-name">{counterpart.name || counterpart.email}</h2>
        <p className="address" data-testid="sender-email">
          {counterpart.email}
        </p>
      </header>
      <p className="quiet-reason" data-testid="quiet-reason">
        {t(`anymail.quiet.${quiet.kind}`, { entry: quiet.entry })}
      </p>
      <p className="hint">{t('anymail.quiet.nothingKept')}</p>
      <a href={browser.runtime.getURL('/options.html#privacy')} target="_blank" rel="noreferrer">
        {t('anymail.quiet.change')}
      </a>
    </article>
  );
}

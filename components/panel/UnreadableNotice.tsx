import { useTranslation } from 'react-i18next';
import type { Webmail } from '@/lib/email';

const WEBMAIL_NAMES: Record<Webmail, string> = { gmail: 'Gmail', outlook: 'Outlook' };

/**
 * Why the open email could not be read. The adapters send a code (see their
 * `UnreadableReason`), worded here in the rep's language; 'read-failed:<name>'
 * carries the error's name. A code this build does not know (a tab still running
 * an older content script) gets a general word.
 */
export function UnreadableNotice({ webmail, reason }: { webmail: Webmail; reason: string }) {
  const { t, i18n } = useTranslation();
  const [code = '', ...rest] = reason.split(':');
  const key = `panel.state.reasons.${code}`;
  const text = i18n.exists(key)
    ? t(key, { webmail: WEBMAIL_NAMES[webmail], detail: rest.join(':') || '?' })
    : t('panel.state.reasons.unknown');
  return (
    <div className="notice" role="status" data-testid="unreadable">
      <p>{t('panel.state.unreadable')}</p>
      <p className="hint" data-testid="unreadable-reason">
        {t('panel.state.unreadableReason', { reason: text })}
      </p>
    </div>
  );
}

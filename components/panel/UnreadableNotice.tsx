import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import { REFUSED_UPDATE, type Mailbox, type UnreadableField, type Webmail } from '@/lib/email';
import { toContent } from '@/lib/messages';
import './read-layer.css';

const WEBMAIL_NAMES: Record<Webmail, string> = { gmail: 'Gmail', outlook: 'Outlook' };

/** The paste zone of the panel opens on this window event (the paste feature listens for it). */
export const OPEN_PASTE_EVENT = 'anymail:open-paste';

export interface UnreadableNoticeProps {
  webmail: Webmail;
  reason: string;
  /** The field that could not be read, or that an update was refused on. */
  field?: UnreadableField;
  /** Addresses the page shows, for the rep to pick the sender from. */
  candidates?: Mailbox[];
  /** The webmail tab, told which sender the rep picked. */
  tabId?: number | null;
}

/**
 * Why the open email could not be read, naming the field. The adapters send a code (see their
 * `UnreadableReason`), worded here in the rep's language; 'read-failed:<name>' carries the error's
 * name. When the sender is missing, the rep may pick it from the addresses the page shows (the
 * tab reads the page again with that sender) or paste the message's source. Nothing is written
 * into the webmail page.
 */
export function UnreadableNotice({ webmail, reason, field, candidates = [], tabId }: UnreadableNoticeProps) {
  const { t, i18n } = useTranslation();
  const [picked, setPicked] = useState('');
  const [code = '', ...rest] = reason.split(':');
  const key = `panel.state.reasons.${code}`;
  const text = i18n.exists(key)
    ? t(key, { webmail: WEBMAIL_NAMES[webmail], detail: rest.join(':') || '?' })
    : t('panel.state.reasons.unknown');
  const named = field ?? 'message';

  const pick = (box: Mailbox) => {
    if (tabId === null || tabId === undefined) return;
    setPicked(box.email);
    void browser.tabs
      .sendMessage(tabId, toContent({ type: 'page/pick-sender', email: box.email, name: box.name }))
      .catch(() => setPicked(''));
  };

  return (
    <div className="notice" role="status" data-testid="unreadable" data-field={named}>
      <p data-testid="unreadable-field">{t('reader.couldNotRead', { field: t(`reader.field.${named}`) })}</p>
      <p>{t('panel.state.unreadable')}</p>
      <p className="hint" data-testid="unreadable-reason">
        {t('panel.state.unreadableReason', { reason: text })}
      </p>
      {/* A sender refused as malformed is on the page: picking another address would not mend it. */}
      {named === 'sender' && code !== REFUSED_UPDATE && (
        <div data-testid="pick-sender">
          {candidates.length && tabId !== null && tabId !== undefined ? (
            <>
              <p>{t('reader.pickSender')}</p>
              <ul className="pick-list">
                {candidates.map((box) => (
                  <li key={box.email}>
                    <button
                      type="button"
                      data-testid="pick-sender-option"
                      disabled={picked !== ''}
                      onClick={() => pick(box)}
                    >
                      {t('reader.pickSenderButton', { email: box.email })}
                    </button>
                  </li>
                ))}
              </ul>
              {picked && (
                <p className="hint" role="status">
                  {t('reader.picked', { email: picked })}
                </p>
              )}
            </>
          ) : (
            <p className="hint">{t('reader.noAddresses')}</p>
          )}
        </div>
      )}
      <button
        type="button"
        className="link"
        data-testid="paste-source"
        onClick={() => window.dispatchEvent(new Event(OPEN_PASTE_EVENT))}
      >
        {t('reader.pasteSource')}
      </button>
    </div>
  );
}

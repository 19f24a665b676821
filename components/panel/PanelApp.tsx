import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import { LanguageSwitch } from '../I18nRoot';
import { CardView } from './CardView';
import { DocumentTitle } from './DocumentTitle';
import { UnreadableNotice } from './UnreadableNotice';
import { errorWithDetail } from './useAction';
import { RemindersList } from './RemindersList';
import { usePanelView } from './usePanelView';
import { TeamStatusLine } from '../team/TeamStatusLine';
import { AnymailZone } from '../anymail/AnymailZone';
import { DroppedCard } from '../anymail/DroppedCard';
import { QuietCard } from '../anymail/QuietCard';
import { useDroppedMail } from '../anymail/useDroppedMail';

/** The side panel: the card for the open email, or a clear word on why there is none. */
export function PanelApp() {
  const { t } = useTranslation();
  const { view, failed } = usePanelView();
  const dropped = useDroppedMail();
  // An open message whose origin had no headers (Outlook gives none): pasted ones complete it.
  const needsHeaders = view?.card?.origin?.headersAvailable === false ? view.card.inquiry : null;

  let body;
  if (dropped.dropped) {
    body = <DroppedCard dropped={dropped.dropped} onChanged={dropped.refresh} onClose={dropped.close} />;
  } else if (failed) {
    body = (
      <p role="alert" className="error" data-testid="panel-error">
        {t('panel.state.backgroundUnavailable')}
      </p>
    );
  } else if (view === undefined) {
    body = <p className="loading">{t('common.loading')}</p>;
  } else if (view.error) {
    body = (
      <p role="alert" className="error" data-testid="panel-error">
        {errorWithDetail(t('panel.state.enrichFailed'), t('common.errorDetail', { detail: view.error }))}
      </p>
    );
  } else if (view.quiet && view.state?.kind === 'inquiry') {
    body = <QuietCard inquiry={view.state.inquiry} quiet={view.quiet} />;
  } else if (view.card) {
    body = <CardView card={view.card} />;
  } else if (view.state?.kind === 'unreadable') {
    body = (
      <UnreadableNotice
        webmail={view.state.webmail}
        reason={view.state.reason}
        field={view.state.field}
        candidates={view.state.candidates}
        tabId={view.tabId}
      />
    );
  } else if (view.state?.kind === 'none') {
    body = (
      <p className="empty" data-testid="no-email">
        {t('panel.state.noEmail')}
      </p>
    );
  } else {
    body = (
      <p className="empty" data-testid="no-webmail">
        {t('panel.state.noWebmail')}
      </p>
    );
  }

  return (
    <div className="panel">
      <DocumentTitle titleKey="common.appName" />
      <nav className="topbar">
        <strong>{t('common.appName')}</strong>
        <span className="spacer" />
        <LanguageSwitch />
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          {t('panel.nav.settings')}
        </a>
      </nav>
      <TeamStatusLine />
      <main>{body}</main>
      <AnymailZone
        needsHeaders={dropped.dropped ? null : needsHeaders}
        onOpen={dropped.open}
        showingDropped={dropped.dropped !== null}
      />
      <RemindersList />
    </div>
  );
}

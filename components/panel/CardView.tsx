import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import type { Card } from '@/lib/enrich/card';
import { askBackground } from '@/lib/messages';
import { numberFormat } from '@/lib/i18n/formats';
import { countryName } from '../origin/countryName';
import { OriginView } from '../origin/OriginView';
import { RiskView } from '../origin/RiskView';
import { RepliesView, type InsertOutcome } from '../replies/RepliesView';
import { OrdersEditor } from '../value/OrdersEditor';
import { ValueView } from '../value/ValueView';
import { DuplicateCheck } from '../team/DuplicateCheck';
import { ReleaseToPool } from '../team/ReleaseToPool';
import { CardSummary } from './CardSummary';
import { LogForm } from './LogForm';
import { NewContactForm } from './NewContactForm';
import { ReadCutNote, ReadLayerMark } from './ReadLayerMark';
import { Timeline } from './Timeline';

const noChange = async () => undefined;

/** The customer card for the open email. */
export function CardView({
  card,
  onChanged = noChange,
  onInsert = (text) => askBackground(browser.runtime, { type: 'compose/insert', text }),
}: {
  card: Card;
  /**
   * After the rep wrote from the card. The open email's card needs nothing here: the background
   * updates it from the change feed. A dropped email's card (components/anymail) reads itself again.
   */
  onChanged?: () => Promise<void>;
  /** Puts a draft into the reply box; a dropped email's card has none (components/anymail). */
  onInsert?: (text: string) => Promise<InsertOutcome>;
}) {
  const { t } = useTranslation();

  return (
    <article className="card" data-testid="card">
      <header className="sender">
        <h2 data-testid="sender-name">{card.counterpart.name || card.counterpart.email}</h2>
        <p className="address" data-testid="sender-email">
          {card.counterpart.email}
          {card.direction === 'in' && <ReadLayerMark layer={card.inquiry.readBy.from} field="from" />}
        </p>
        <ReadCutNote cut={card.inquiry.cut} />
        {card.direction === 'out' && <p className="hint">{t('panel.card.sentByYou')}</p>}
        {card.loggedInteractionId && (
          <p className="badge badge-logged" data-testid="logged-badge">
            {t('panel.card.logged')}
          </p>
        )}
      </header>

      <CardSummary card={card} />
      {card.risk && <RiskView risk={card.risk} />}
      <CardLower
        key={card.inquiry.messageId || `${card.inquiry.threadId}|${card.inquiry.url}`}
        card={card}
        onChanged={onChanged}
        onInsert={onInsert}
      />
    </article>
  );
}

/**
 * Everything below the card's first screen (the company, drafts, the log form, value, origin, the
 * history), drawn in a render of its own after the first screen is on the page: the rep sees who
 * wrote, the tier, stage and risk as soon as the card arrives, and the longer sections a frame
 * later. Keyed by the message, so another email's sections never show under this one's header;
 * an update of the same card redraws them in place.
 */
function CardLower({
  card: arrived,
  onChanged,
  onInsert,
}: {
  card: Card;
  onChanged: () => Promise<void>;
  onInsert: (text: string) => Promise<InsertOutcome>;
}) {
  const { t, i18n } = useTranslation();
  const card = useDeferredValue<Card | null>(arrived, null);
  if (!card) return null;
  const { company, contact, orderSummary } = card;
  const totals = Object.entries(orderSummary.totals)
    .map(([currency, amount]) => numberFormat(i18n.language, { style: 'currency', currency }).format(amount))
    .join(' + ');

  return (
    <>
      <DuplicateCheck card={card} />
      {!contact && <NewContactForm key={card.counterpart.email} card={card} onCreated={onChanged} />}

      {company ? (
        <section className="company" data-testid="company">
          <h3 data-testid="company-name">{company.name}</h3>
          <dl>
            {contact && (
              <>
                <dt>{t('panel.card.contact')}</dt>
                <dd data-testid="contact-name">{contact.name}</dd>
              </>
            )}
            {card.match === 'domain' && (
              <>
                <dt>{t('panel.card.matchedBy')}</dt>
                <dd>{t('panel.card.matchedByDomain', { domain: card.domain })}</dd>
              </>
            )}
            {company.country && (
              <>
                <dt>{t('panel.card.country')}</dt>
                <dd data-testid="company-country">{countryName(company.country, i18n.language)}</dd>
              </>
            )}
            <dt>{t('panel.card.source')}</dt>
            <dd>{t(`panel.source.${company.source}`)}</dd>
            <dt>{t('panel.card.orders')}</dt>
            <dd data-testid="order-summary">
              {orderSummary.count === 0
                ? t('panel.card.noOrders')
                : t('panel.card.orderCount', { count: orderSummary.count, total: totals })}
            </dd>
          </dl>
          <ReleaseToPool company={company} />
        </section>
      ) : contact ? (
        <section className="company" data-testid="company">
          <h3 data-testid="contact-name">{contact.name}</h3>
          <p className="hint">{t('panel.card.noCompany')}</p>
        </section>
      ) : null}

      <RepliesView card={card} onInsert={onInsert} />

      <LogForm key={card.inquiry.messageId || card.inquiry.threadId} card={card} onLogged={onChanged} />

      {card.value && <ValueView value={card.value} />}
      {card.origin && <OriginView origin={card.origin} />}

      <section className="history" aria-labelledby="history-title">
        <h3 id="history-title">{t('panel.timeline.title')}</h3>
        <Timeline entries={card.timeline} highlightId={card.loggedInteractionId} onChanged={onChanged} />
      </section>

      {company && <OrdersSection companyId={company.id} />}
    </>
  );
}

/**
 * The company's orders and quotes, folded: the editor (its own reads of the orders and the value
 * settings) is made the first time the rep unfolds it, not with every card the rep opens.
 */
function OrdersSection({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const [unfolded, setUnfolded] = useState(false);
  return (
    <details className="orders" onToggle={(event) => event.currentTarget.open && setUnfolded(true)}>
      <summary>{t('panel.card.ordersAndQuotes')}</summary>
      {unfolded && <OrdersEditor companyId={companyId} />}
    </details>
  );
}

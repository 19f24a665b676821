import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createContact } from '@/lib/db/book';
import { db } from '@/lib/db/db';
import type { Card } from '@/lib/enrich/card';
import { useAction } from './useAction';

/** One-click "create contact" for an unknown sender; the company is guessed from the domain. */
export function NewContactForm({ card, onCreated }: { card: Card; onCreated: () => Promise<void> }) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  // A sender imitating a customer's domain is never prefilled with the names it borrows: the rep
  // types what they have checked.
  const imitated = card.risk?.signals.find((s) => s.id === 'lookalike-domain');
  const [name, setName] = useState(imitated ? '' : card.counterpart.name);
  const [companyName, setCompanyName] = useState(
    imitated ? '' : (card.company?.name ?? card.suggestedCompanyName ?? ''),
  );

  const create = () =>
    run(async () => {
      await createContact(db, {
        name,
        email: card.counterpart.email,
        companyId: card.company?.id,
        companyName: card.company ? undefined : companyName,
      });
      await onCreated();
    });

  return (
    <form
      className="new-contact"
      data-testid="new-contact"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <p className="badge badge-new">{t('panel.contact.new')}</p>
      {imitated && (
        <p className="card-warning" role="alert" data-testid="new-contact-lookalike">
          {t('panel.contact.lookalike', { domain: card.domain, known: String(imitated.params.known ?? '') })}
        </p>
      )}
      <label>
        {t('panel.contact.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="new-contact-name" />
      </label>
      {card.company ? (
        <p className="hint">{t('panel.contact.joinsCompany', { company: card.company.name })}</p>
      ) : (
        <label>
          {t('panel.contact.company')}
          <input
            value={companyName}
            placeholder={card.freeMail ? t('panel.contact.freeMailCompanyHint') : ''}
            onChange={(e) => setCompanyName(e.target.value)}
            data-testid="new-contact-company"
          />
        </label>
      )}
      {card.freeMail && <p className="hint">{t('panel.contact.freeMail', { domain: card.domain })}</p>}
      <button type="submit" className="primary" disabled={busy} data-testid="create-contact">
        {t('panel.contact.create')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

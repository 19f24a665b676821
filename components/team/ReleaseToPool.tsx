import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import type { CrmDb } from '@/lib/db/db';
import { askRules, type RulesAnswer } from '@/lib/team/messages';
import { useTeamStatus } from './useTeamStatus';

// Releasing a customer to the public pool (公海), from the card or the pool page: a rep
// their own customers, a manager anyone's (the server refuses the rest). Asked twice,
// because the customer leaves the rep's book with its history.

export function canRelease(user: { id: string; role: string } | undefined, ownerRepId: string): boolean {
  if (!user) return false;
  return user.role === 'manager' || user.role === 'admin' || ownerRepId === user.id;
}

export function ReleaseToPool({
  company,
  db,
  onReleased,
}: {
  company: { id: string; name: string; ownerRepId: string };
  db?: CrmDb;
  onReleased?: () => void;
}) {
  const { t } = useTranslation();
  const status = useTeamStatus(db);
  const [step, setStep] = useState<'idle' | 'confirm' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  if (!status?.user || !canRelease(status.user, company.ownerRepId)) return null;

  const release = async () => {
    setStep('busy');
    setError(null);
    const answer = await askRules(browser.runtime, {
      type: 'rules/release',
      request: { companyIds: [company.id] },
    }).catch((): RulesAnswer => ({ ok: false, error: 'unreachable' }));
    if (answer.ok) {
      setStep('done');
      onReleased?.();
      return;
    }
    setStep('idle');
    setError(
      t(`pool.errors.${answer.error ?? 'error'}`, { defaultValue: answer.message ?? t('pool.errors.error') }),
    );
  };

  if (step === 'done')
    return (
      <p className="hint" role="status" data-testid="released">
        {t('pool.release.done', { name: company.name })}
      </p>
    );
  return (
    <div className="release" data-testid="release">
      {step === 'idle' ? (
        <button type="button" className="link" onClick={() => setStep('confirm')} data-testid="release-start">
          {t('pool.release.button')}
        </button>
      ) : (
        <p>
          {t('pool.release.confirm', { name: company.name })}{' '}
          <button
            type="button"
            disabled={step === 'busy'}
            onClick={() => void release()}
            data-testid="release-confirm"
          >
            {t('pool.release.yes')}
          </button>{' '}
          <button type="button" className="link" disabled={step === 'busy'} onClick={() => setStep('idle')}>
            {t('pool.release.cancel')}
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

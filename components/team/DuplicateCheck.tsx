import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import type { CrmDb } from '@/lib/db/db';
import type { Card } from '@/lib/enrich/card';
import { askRules } from '@/lib/team/messages';
import { DuplicateAnswerSchema, type DuplicateMatch } from '@/lib/team/protocol';
import { useTeamStatus } from './useTeamStatus';

// The card's duplicate check (查重) when signed in to a team: whose customer the sender
// is across the whole team, never any of that rep's data, and a way to ask for a
// transfer. Offline the answer is provisional and the check runs again once online.

type Check = { state: 'checking' } | { state: 'done'; matches: DuplicateMatch[] } | { state: 'provisional' };

export function DuplicateCheck({ card, db }: { card: Card; db?: CrmDb }) {
  const status = useTeamStatus(db);
  const signedIn = Boolean(status?.user);
  const online = status?.connection?.online ?? false;
  const email = card.counterpart.email;
  const companyName = card.company?.name ?? card.suggestedCompanyName ?? undefined;
  // The answer is kept with the probe it answers: another email's card shows 'checking' until its own comes.
  const probeKey = `${email}|${companyName ?? ''}|${String(online)}`;
  const [answer, setAnswer] = useState<{ key: string; check: Check } | null>(null);
  const setCheck = (check: Check) => setAnswer({ key: probeKey, check });
  const check: Check = answer?.key === probeKey ? answer.check : { state: 'checking' };

  useEffect(() => {
    if (!signedIn || !email) return;
    let live = true;
    askRules(browser.runtime, {
      type: 'rules/check',
      probe: { email, companyName, country: card.company?.country },
    })
      .then((answer) => {
        if (!live) return;
        const parsed = answer.ok ? DuplicateAnswerSchema.safeParse(answer.data) : null;
        setCheck(
          parsed?.success ? { state: 'done', matches: parsed.data.matches } : { state: 'provisional' },
        );
      })
      .catch(() => live && setCheck({ state: 'provisional' }));
    return () => {
      live = false;
    };
    // Checked again when the connection comes back: an offline answer was only provisional.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- setCheck is keyed by probeKey, listed
  }, [signedIn, probeKey, card.company?.country]);

  if (!signedIn || !email) return null;
  return <DuplicateNotice check={check} />;
}

export function DuplicateNotice({ check }: { check: Check }) {
  const { t } = useTranslation();
  if (check.state === 'checking')
    return (
      <p className="hint" data-testid="duplicate-check" data-state="checking">
        {t('pool.check.checking')}
      </p>
    );
  if (check.state === 'provisional')
    return (
      <p className="hint" data-testid="duplicate-check" data-state="provisional">
        {t('pool.check.provisional')}
      </p>
    );
  const others = check.matches.filter((m) => m.owner.kind !== 'you');
  if (!others.length)
    return (
      <p className="hint" data-testid="duplicate-check" data-state="clear">
        {t('pool.check.clear')}
      </p>
    );
  return (
    <section className="card-warning" role="status" data-testid="duplicate-check" data-state="found">
      {others.slice(0, 3).map((m) => (
        <DuplicateLine key={m.companyId} match={m} />
      ))}
    </section>
  );
}

function DuplicateLine({ match }: { match: DuplicateMatch }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState<'no' | 'busy' | 'yes' | 'error'>(match.requested ? 'yes' : 'no');
  const how = match.matchedBy.map((k) => t(`pool.check.by.${k}`)).join(t('pool.check.and'));
  const whose =
    match.owner.kind === 'pool'
      ? t('pool.check.inPool', { company: match.companyName, since: match.since })
      : t('pool.check.owned', {
          company: match.companyName,
          owner: match.owner.kind === 'rep' ? match.owner.name : '',
          since: match.since,
        });
  const ask = async () => {
    setAsked('busy');
    const answer = await askRules(browser.runtime, {
      type: 'rules/ask-transfer',
      request: { companyId: match.companyId, note: '' },
    }).catch(() => null);
    setAsked(answer?.ok ? 'yes' : 'error');
  };
  return (
    <div className="duplicate" data-testid="duplicate-match">
      <p>
        <strong data-testid="duplicate-owner">{whose}</strong> <span className="hint">({how})</span>
      </p>
      <p className="hint">{t('pool.check.noHistory')}</p>
      {match.owner.kind === 'pool' ? (
        <a href={browser.runtime.getURL('/options.html#pool')} target="_blank" rel="noreferrer">
          {t('pool.check.openPool')}
        </a>
      ) : asked === 'yes' ? (
        <p className="hint" data-testid="transfer-asked">
          {t('pool.check.asked')}
        </p>
      ) : (
        <button
          type="button"
          onClick={() => void ask()}
          disabled={asked === 'busy'}
          data-testid="ask-transfer"
        >
          {t('pool.check.askTransfer')}
        </button>
      )}
      {asked === 'error' && (
        <p className="error" role="alert">
          {t('pool.errors.unreachable')}
        </p>
      )}
    </div>
  );
}

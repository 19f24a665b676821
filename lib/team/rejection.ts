import type { DuplicateMatch } from './protocol';

// Why the team server refused a change, in the rep's language. The server sends a code
// (and for a duplicate, whose customer it is); its English reason is only the fallback
// for a code this browser does not know.

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function rejectionReason(
  change: { code: string; reason: string; duplicate?: DuplicateMatch },
  t: Translate,
): string {
  const match = change.duplicate;
  if (change.code !== 'duplicate') return t(`team.reasons.${change.code}`, { defaultValue: change.reason });
  if (!match) return t('pool.refused.duplicate');
  const params = {
    company: match.companyName,
    since: match.since,
    by: match.matchedBy.map((k) => t(`pool.check.by.${k}`)).join(t('pool.check.and')),
    owner: match.owner.kind === 'rep' ? match.owner.name : '',
    interpolation: { escapeValue: false },
  };
  return t(`pool.refused.${match.owner.kind}`, params);
}

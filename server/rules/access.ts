import type { DuplicateMatch } from '../../lib/team/protocol';
import type { RepRole } from '../../lib/db/types';
import { POOL_SCOPE } from './pool-scope';
import { TEAM_SETTING_KEYS, type RejectCode, type SyncedKind } from '../../lib/sync/protocol';

// Who may see and change which record: plain functions, no database. The sync
// code looks up what they need (the record's stored copy, its company's owner)
// and asks here. Every read (pull, record) and every write (push) goes through
// them.

/** The scope of the records the whole team shares. */
export const TEAM_SCOPE = 'team';

type Rec = Record<string, unknown>;

export const isManager = (role: RepRole) => role === 'manager' || role === 'admin';

/** Kinds whose records hang off a company and follow its owner. */
export const COMPANY_CHILD_KINDS = [
  'contacts',
  'interactions',
  'orders',
] as const satisfies readonly SyncedKind[];
const isCompanyChild = (kind: SyncedKind) => (COMPANY_CHILD_KINDS as readonly string[]).includes(kind);

export function companyIdOf(kind: SyncedKind, record: Rec): string | null {
  if (kind === 'companies') return null;
  return typeof record.companyId === 'string' && record.companyId !== '' ? record.companyId : null;
}

/**
 * Who sees a record: the rep who owns it (a company, a reminder), its company's
 * owner (contacts, interactions, orders), its author or logger when it has no
 * company, or the whole team (knowledge, team settings). Managers see all.
 */
export function scopeOf(kind: SyncedKind, record: Rec, companyScope: string | null): string {
  switch (kind) {
    case 'companies':
    case 'reminders':
      return String(record.ownerRepId);
    case 'knowledge':
    case 'settings':
      return TEAM_SCOPE;
    case 'interactions':
      return companyScope ?? String(record.repId);
    default:
      return companyScope ?? String(record.authorRepId);
  }
}

export function canSee(user: { id: string; role: RepRole }, scope: string): boolean {
  return isManager(user.role) || scope === user.id || scope === TEAM_SCOPE;
}

export interface Refusal {
  code: RejectCode;
  /** In English, for logs and a retried push; the browser words the code (and `duplicate`) itself. */
  reason: string;
  duplicate?: DuplicateMatch;
}

export interface WriteCheck {
  user: { id: string; role: RepRole };
  kind: SyncedKind;
  /** The stored record and its scope, or null when it is new. */
  existing: { scope: string; data: Rec } | null;
  /** The record as it would be stored (null for a delete). */
  next: { scope: string; data: Rec } | null;
  /** Whether the people the record is given to are members of the team. */
  isMember: (userId: string) => boolean;
}

/** Null when the write is allowed, else why not (shown to the rep). */
export function checkWrite({ user, kind, existing, next, isMember }: WriteCheck): Refusal | null {
  const manager = isManager(user.role);
  if (kind === 'settings') {
    const key = String((next ?? existing)?.data.key ?? '');
    if (!(TEAM_SETTING_KEYS as readonly string[]).includes(key))
      return { code: 'not-synced', reason: `The setting "${key}" is not a team setting.` };
    return manager ? null : { code: 'managers-only', reason: 'Only a manager changes the team settings.' };
  }
  if (kind === 'knowledge') {
    // Anyone adds to the knowledge base; a rep changes only what they wrote.
    if (!existing || manager || existing.data.authorRepId === user.id) return null;
    return { code: 'not-yours', reason: 'Only its author or a manager changes this knowledge item.' };
  }
  if (next && (kind === 'companies' || kind === 'reminders')) {
    const owner = String(next.data.ownerRepId);
    // A manager may edit a pool customer in place; nobody gives a customer to the pool by a push.
    const stillInPool = owner === POOL_SCOPE && existing?.data.ownerRepId === POOL_SCOPE;
    if (!isMember(owner) && !stillInPool)
      return { code: 'invalid', reason: `The owner ${owner} is not a member of this team.` };
  }
  if (manager) return null;
  if (existing && existing.scope !== user.id)
    return { code: 'not-yours', reason: "This record belongs to another rep's customer." };
  if (next && next.scope !== user.id) {
    if (existing && (kind === 'companies' || kind === 'reminders'))
      return { code: 'owner-change', reason: 'Only a manager gives a customer to another rep.' };
    if (isCompanyChild(kind) && companyIdOf(kind, next.data))
      return { code: 'not-yours', reason: "This record's company is another rep's customer." };
    return { code: 'not-yours', reason: 'A rep writes records of their own only.' };
  }
  return null;
}

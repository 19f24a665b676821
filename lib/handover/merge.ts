import type { Company, Contact, Interaction, KnowledgeItem, Order, Reminder, Rep } from '../db/types';

// How an imported record merges into the same record already in the book. The
// newer record (by updatedAt) gives the fields; lists are united; notes from
// both sides are kept; the author is whoever wrote the record first.

/** Joins two versions of a free-text note so neither is lost; the newer comes first. */
export function mergeNotes(newer: string, older: string, max: number): string {
  if (!older || newer.includes(older)) return newer;
  if (!newer || older.includes(newer)) return older;
  const joined = `${newer}\n\n${older}`;
  // Only a note that would break the schema's size limit is cut, and only its oldest end.
  return joined.length <= max ? joined : joined.slice(0, max);
}

export function unite<T>(a: readonly T[], b: readonly T[], max: number): T[] {
  return [...new Set([...a, ...b])].slice(0, max);
}

/** Fields of `newer` over `older`, except that a field the newer record lacks keeps the older value. */
function overlay<T extends object>(older: T, newer: T): T {
  const out: Record<string, unknown> = { ...(older as Record<string, unknown>) };
  for (const [key, value] of Object.entries(newer)) if (value !== undefined) out[key] = value;
  return out as T;
}

type Dated = { createdAt: number; updatedAt: number; authorRepId: string };

function order<T extends Dated>(existing: T, incoming: T): { newer: T; older: T; first: T } {
  const incomingIsNewer = incoming.updatedAt > existing.updatedAt;
  return {
    newer: incomingIsNewer ? incoming : existing,
    older: incomingIsNewer ? existing : incoming,
    first: incoming.createdAt < existing.createdAt ? incoming : existing,
  };
}

function history<T extends Dated>(existing: T, incoming: T, first: T) {
  return {
    authorRepId: first.authorRepId,
    createdAt: Math.min(existing.createdAt, incoming.createdAt),
    updatedAt: Math.max(existing.updatedAt, incoming.updatedAt),
  };
}

export function mergeCompany(existing: Company, incoming: Company, ownerRepId?: string): Company {
  const { newer, older, first } = order(existing, incoming);
  return {
    ...overlay(older, newer),
    id: existing.id,
    domains: unite(existing.domains, incoming.domains, 50),
    tags: unite(existing.tags, incoming.tags, 100),
    notes: mergeNotes(newer.notes, older.notes, 20_000),
    ownerRepId: ownerRepId ?? newer.ownerRepId,
    ...history(existing, incoming, first),
  };
}

export function mergeContact(existing: Contact, incoming: Contact): Contact {
  const { newer, older, first } = order(existing, incoming);
  return {
    ...overlay(older, newer),
    id: existing.id,
    emails: unite(existing.emails, incoming.emails, 50),
    phones: unite(existing.phones, incoming.phones, 20),
    ...history(existing, incoming, first),
  };
}

export function mergeInteraction(existing: Interaction, incoming: Interaction): Interaction {
  const { newer, older, first } = order(existing, incoming);
  return {
    ...overlay(older, newer),
    id: existing.id,
    summary: mergeNotes(newer.summary, older.summary, 20_000),
    outcome: mergeNotes(newer.outcome, older.outcome, 2000),
    ...history(existing, incoming, first),
  };
}

/** Orders and knowledge items: the newer version wins whole, the first author stays. */
export function mergeNewerWins<T extends Order | KnowledgeItem>(existing: T, incoming: T): T {
  const { newer, older, first } = order(existing, incoming);
  return { ...overlay(older, newer), id: existing.id, ...history(existing, incoming, first) };
}

export function mergeReminder(existing: Reminder, incoming: Reminder, ownerRepId?: string): Reminder {
  const { newer, older, first } = order(existing, incoming);
  return {
    ...overlay(older, newer),
    id: existing.id,
    ownerRepId: ownerRepId ?? newer.ownerRepId,
    ...history(existing, incoming, first),
  };
}

/** A rep already in the book keeps their record; only a missing address is filled in. */
export function mergeRep(existing: Rep, incoming: Rep): Rep {
  return existing.email || !incoming.email ? existing : { ...existing, email: incoming.email };
}

/** Names of the fields a person would see differ between two versions of a record. */
export function differingFields(a: object, b: object, ignore: readonly string[] = []): string[] {
  const skip = new Set(['id', 'createdAt', 'updatedAt', 'ownerRepId', ...ignore]);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const key of keys) {
    if (skip.has(key)) continue;
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (x === undefined || y === undefined) continue;
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(key);
  }
  return out;
}

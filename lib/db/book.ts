import type { CrmDb } from './db';
import type { Company, Contact, Rep } from './types';
import { companyNameFromDomain, isFreeMailDomain, normalizeEmail, registrableDomain } from '../domains';
import { newId } from './ids';

// Writes to the book that the side panel and options page make: the rep and
// contacts here, logged contacts in lib/interactions, reminders in lib/reminders.
// Every write goes through such helpers (never straight to a table from a click
// handler), in one transaction per user action, so an action either happens
// whole or not at all.

const CURRENT_REP_KEY = 'currentRepId';

export { newId };

/** The rep using this browser; created on first use so every record has an author. */
export async function currentRep(db: CrmDb, now = Date.now()): Promise<Rep> {
  return db.transaction('rw', db.settings, db.reps, async () => {
    const setting = await db.settings.get(CURRENT_REP_KEY);
    const existing = typeof setting?.value === 'string' ? await db.reps.get(setting.value) : undefined;
    if (existing) return existing;
    // No name yet (the pages show a translated placeholder); the mailbox's name part fills it later.
    const rep: Rep = { id: newId(), name: '', role: 'rep', createdAt: now };
    await db.reps.add(rep);
    await db.settings.put({ key: CURRENT_REP_KEY, value: rep.id });
    return rep;
  });
}

/**
 * The rep using this browser, read only, or undefined before `currentRep` first ran.
 * Safe inside a live query (which refuses read-write transactions, so cannot create the rep).
 */
export async function readCurrentRep(db: CrmDb): Promise<Rep | undefined> {
  const setting = await db.settings.get(CURRENT_REP_KEY);
  return typeof setting?.value === 'string' ? db.reps.get(setting.value) : undefined;
}

export async function renameRep(db: CrmDb, repId: string, name: string): Promise<void> {
  if (!(await db.reps.update(repId, { name: name.trim() }))) throw new Error('not-found');
}

/** Fills in the rep's mailbox address the first time the webmail shows it. */
export async function noteRepMailbox(db: CrmDb, account: string): Promise<void> {
  const email = normalizeEmail(account);
  if (!email) return;
  // Read first: this runs on every email opened, and is a write only the first time.
  const known = await readCurrentRep(db);
  if (known?.email) return;
  const rep = await currentRep(db);
  if (!rep.email)
    await db.reps.update(rep.id, {
      email,
      // 'Me' was the first builds' stored default.
      name: !rep.name || rep.name === 'Me' ? email.split('@')[0]! : rep.name,
    });
}

export async function setCurrentRep(db: CrmDb, repId: string): Promise<void> {
  if (!(await db.reps.get(repId))) throw new Error(`No rep ${repId}`);
  await db.settings.put({ key: CURRENT_REP_KEY, value: repId });
}

export interface NewContactInput {
  name: string;
  email: string;
  /** Company to attach to; when absent and the domain is a company domain, one is found or created. */
  companyId?: string;
  companyName?: string;
  country?: string;
  source?: Company['source'];
  phones?: string[];
}

/**
 * Creates a contact for an unknown sender. The company is the existing one that
 * owns the address's domain, or a new one named after the domain; free-mail
 * domains never become companies (a gmail.com sender gets a company only when
 * the rep names one).
 */
export async function createContact(
  db: CrmDb,
  input: NewContactInput,
  now = Date.now(),
): Promise<{ contact: Contact; company: Company | null }> {
  const email = normalizeEmail(input.email);
  if (!email) throw new Error('invalid-email');
  const rep = await currentRep(db, now);
  return db.transaction('rw', db.contacts, db.companies, async () => {
    const existing = await db.contacts.where('emails').equals(email).first();
    if (existing) {
      const company = existing.companyId ? ((await db.companies.get(existing.companyId)) ?? null) : null;
      return { contact: existing, company };
    }
    const domain = registrableDomain(email);
    const companyDomain = domain && !isFreeMailDomain(domain) ? domain : '';
    let company: Company | null = null;
    if (input.companyId) company = (await db.companies.get(input.companyId)) ?? null;
    if (!company && companyDomain)
      company = (await db.companies.where('domains').equals(companyDomain).first()) ?? null;
    const companyName =
      input.companyName?.trim() || (companyDomain ? companyNameFromDomain(companyDomain) : '');
    if (!company && companyName) {
      company = {
        id: newId(),
        name: companyName,
        domains: companyDomain ? [companyDomain] : [],
        country: input.country,
        source: input.source ?? 'email',
        ownerRepId: rep.id,
        authorRepId: rep.id,
        tags: [],
        notes: '',
        createdAt: now,
        updatedAt: now,
      };
      await db.companies.add(company);
    }
    const contact: Contact = {
      id: newId(),
      companyId: company?.id,
      name: input.name.trim() || email.split('@')[0]!,
      emails: [email],
      phones: input.phones ?? [],
      authorRepId: rep.id,
      createdAt: now,
      updatedAt: now,
    };
    await db.contacts.add(contact);
    return { contact, company };
  });
}

import { describe, expect, it } from 'vitest';
import {
  CompanySchema,
  ContactSchema,
  InteractionSchema,
  KnowledgeItemSchema,
  OrderSchema,
  ReminderSchema,
  RepSchema,
} from '../db/types';
import { isFreeMailDomain, registrableDomain } from '../domains';
import { demoBook } from './book';
import { DEMO_SENDERS } from './mailbox';

const NOW = Date.UTC(2026, 5, 15, 9, 0, 0);
const DAY = 86_400_000;

describe('demoBook', () => {
  const book = demoBook(NOW);

  it('gives records every book schema accepts', () => {
    for (const rep of book.reps) expect(RepSchema.safeParse(rep).error).toBeUndefined();
    for (const c of book.companies) expect(CompanySchema.safeParse(c).error).toBeUndefined();
    for (const c of book.contacts) expect(ContactSchema.safeParse(c).error).toBeUndefined();
    for (const i of book.interactions) expect(InteractionSchema.safeParse(i).error).toBeUndefined();
    for (const o of book.orders) expect(OrderSchema.safeParse(o).error).toBeUndefined();
    for (const r of book.reminders) expect(ReminderSchema.safeParse(r).error).toBeUndefined();
    for (const k of book.knowledge) expect(KnowledgeItemSchema.safeParse(k).error).toBeUndefined();
    expect(book.reminders.length).toBeGreaterThanOrEqual(2);
  });

  it('is deterministic with stable ids, whatever the time it is loaded', () => {
    expect(demoBook(NOW)).toEqual(book);
    const later = demoBook(NOW + 40 * DAY);
    expect(later.companies.map((c) => c.id)).toEqual(book.companies.map((c) => c.id));
    expect(later.interactions.map((i) => i.id).sort()).toEqual(book.interactions.map((i) => i.id).sort());
  });

  it('keeps every id unique and every reference pointing at a record', () => {
    const ids = [book.companies, book.contacts, book.interactions, book.orders, book.reminders].flatMap((t) =>
      t.map((r) => r.id),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const companyIds = new Set(book.companies.map((c) => c.id));
    const contactIds = new Set(book.contacts.map((c) => c.id));
    const repIds = new Set(book.reps.map((r) => r.id));
    for (const o of book.orders) expect(companyIds.has(o.companyId)).toBe(true);
    for (const i of book.interactions) {
      expect(i.companyId && companyIds.has(i.companyId)).toBe(true);
      expect(i.contactId && contactIds.has(i.contactId)).toBe(true);
      expect(repIds.has(i.repId)).toBe(true);
    }
    for (const c of book.companies) expect(repIds.has(c.ownerRepId)).toBe(true);
  });

  it('spans a year of history and nothing in the future except reminders', () => {
    const times = [...book.interactions.map((i) => i.at), ...book.orders.map((o) => o.date)];
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
    expect(Math.min(...times)).toBeLessThan(NOW - 300 * DAY);
    for (const r of book.reminders) expect(r.dueAt).toBeGreaterThan(NOW);
  });

  it('knows the demo mailbox customers by address and no record of the new or suspicious senders', () => {
    const byEmail = new Map(book.contacts.flatMap((c) => c.emails.map((e) => [e, c] as const)));
    for (const known of ['hansen', 'vogel', 'oakridge', 'solyluz', 'alnoor', 'swiat', 'minghui'] as const) {
      expect(byEmail.has(DEMO_SENDERS[known].email)).toBe(true);
    }
    const domains = new Set(book.companies.flatMap((c) => c.domains));
    for (const unknown of [
      'nordlys',
      'mapleleaf',
      'casaforte',
      'scam',
      'scamReplyTo',
      'lookalike',
    ] as const) {
      const address = DEMO_SENDERS[unknown].email;
      expect(byEmail.has(address)).toBe(false);
      expect(domains.has(registrableDomain(address))).toBe(false);
    }
    for (const c of book.companies) for (const d of c.domains) expect(isFreeMailDomain(d)).toBe(false);
  });

  it('shows a steady VIP customer and a declining key customer in the orders', () => {
    const revenue = (id: string, fromDay: number, toDay: number) =>
      book.orders
        .filter((o) => o.companyId === id && o.date >= NOW - fromDay * DAY && o.date < NOW - toDay * DAY)
        .reduce((sum, o) => sum + o.amount, 0);
    const ranked = [...new Set(book.orders.map((o) => o.companyId))].sort(
      (a, b) => revenue(b, 366, 0) - revenue(a, 366, 0),
    );
    expect(ranked[0]).toBe('demo-company-hansen');
    // Hansen buys as much in the last half year as in the first; Oakridge far less.
    expect(revenue('demo-company-hansen', 180, 0)).toBeGreaterThan(
      revenue('demo-company-hansen', 366, 180) * 0.7,
    );
    expect(revenue('demo-company-oakridge', 180, 0)).toBeLessThan(
      revenue('demo-company-oakridge', 366, 180) * 0.3,
    );
    expect(
      book.interactions.some((i) => i.companyId === 'demo-company-oakridge' && i.intent === 'complaint'),
    ).toBe(true);
  });
});

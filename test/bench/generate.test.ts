import { describe, expect, it } from 'vitest';
import {
  CompanySchema,
  ContactSchema,
  InteractionSchema,
  OrderSchema,
  ReminderSchema,
  RepSchema,
} from '../../lib/db/types';
import { isFreeMailDomain, registrableDomain } from '../../lib/domains';
import { FREE_MAIL, SyntheticBook, interactionCounts, type BookChunk } from './generate';

// The benchmark books (test/bench/generate.ts). This test lives here because
// vitest's include covers scripts/**, not test/bench/.

function collect(book: SyntheticBook, chunkSize: number): BookChunk {
  const all: BookChunk = {
    first: 0,
    companies: [],
    contacts: [],
    interactions: [],
    orders: [],
    reminders: [],
  };
  for (const chunk of book.chunks(chunkSize)) {
    all.companies.push(...chunk.companies);
    all.contacts.push(...chunk.contacts);
    all.interactions.push(...chunk.interactions);
    all.orders.push(...chunk.orders);
    all.reminders.push(...chunk.reminders);
  }
  return all;
}

describe('synthetic book', () => {
  const book = new SyntheticBook({ seed: 7, companies: 2000, interactionsPerCompany: 10 });
  const records = collect(book, 300);

  it('writes records the book schemas accept', () => {
    for (const rep of book.reps) RepSchema.parse(rep);
    for (const company of records.companies) CompanySchema.parse(company);
    for (const contact of records.contacts) ContactSchema.parse(contact);
    for (const interaction of records.interactions) InteractionSchema.parse(interaction);
    for (const order of records.orders) OrderSchema.parse(order);
    for (const reminder of records.reminders) ReminderSchema.parse(reminder);
    expect(records.companies).toHaveLength(2000);
    expect(records.interactions).toHaveLength(20_000);
    expect(records.reminders.length).toBeGreaterThan(10);
  });

  it('is the same for the same seed whatever the chunk size', () => {
    const again = collect(new SyntheticBook({ seed: 7, companies: 2000, interactionsPerCompany: 10 }), 1000);
    expect(again.companies.map((c) => c.id)).toEqual(records.companies.map((c) => c.id));
    expect(again.interactions.at(-1)).toEqual(records.interactions.at(-1));
    expect(new Set(records.companies.map((c) => c.id)).size).toBe(2000);
  });

  it('writes the same book in steps (the first 700 companies, then the rest)', () => {
    const steps = [...book.chunks(250, 0, 700), ...book.chunks(250, 700)];
    expect(steps.flatMap((c) => c.companies.map((x) => x.id))).toEqual(records.companies.map((c) => c.id));
    expect(steps.flatMap((c) => c.interactions).length).toBe(20_000);
  });

  it('puts the top 20% of companies on most of the order value (Pareto)', () => {
    const value = new Map<string, number>();
    for (const order of records.orders)
      if (order.status !== 'cancelled')
        value.set(order.companyId, (value.get(order.companyId) ?? 0) + order.amount);
    const sorted = [...value.values()].sort((a, b) => b - a);
    const total = sorted.reduce((s, v) => s + v, 0);
    const top = sorted.slice(0, Math.ceil(records.companies.length * 0.2)).reduce((s, v) => s + v, 0);
    expect(top / total).toBeGreaterThan(0.6);
  });

  it('spreads interactions by a power law with the exact total', () => {
    const counts = [...interactionCounts(book.shape)].sort((a, b) => b - a);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(20_000);
    // A heavy tail: the busiest account has many times the mean, the median company fewer than the mean.
    expect(counts[0]).toBeGreaterThan(50);
    expect(counts[1000]).toBeLessThan(10);
  });

  it('reaches some companies only through shared free-mail domains', () => {
    const freeMailCompanies = records.companies.filter((c) => c.domains.length === 0);
    expect(freeMailCompanies.length).toBeGreaterThan(60);
    expect(freeMailCompanies.length).toBeLessThan(200);
    for (const company of records.companies)
      for (const d of company.domains) expect(isFreeMailDomain(d)).toBe(false);
    const byDomain = new Map<string, number>();
    for (const contact of records.contacts)
      for (const email of contact.emails) {
        const domain = registrableDomain(email);
        if (FREE_MAIL.includes(domain)) byDomain.set(domain, (byDomain.get(domain) ?? 0) + 1);
      }
    for (const domain of FREE_MAIL) expect(isFreeMailDomain(domain)).toBe(true);
    expect(Math.max(...byDomain.values())).toBeGreaterThan(5);
  });

  it('puts anchor senders in the book with the mean number of interactions', () => {
    const anchored = new SyntheticBook({
      seed: 1,
      companies: 50,
      anchors: [{ email: 'Buyer@Acme-Tools.co.uk', name: 'Jane Buyer' }, { email: 'li.wei@qq.com' }],
    });
    const { companies, contacts, interactions } = collect(anchored, 20);
    expect(contacts[0]).toMatchObject({ name: 'Jane Buyer', emails: ['buyer@acme-tools.co.uk'] });
    expect(companies[0]!.domains).toEqual(['acme-tools.co.uk']);
    expect(companies[1]!.domains).toEqual([]);
    expect(interactions.filter((i) => i.companyId === companies[0]!.id)).toHaveLength(10);
  });
});

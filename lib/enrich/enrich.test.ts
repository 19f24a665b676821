import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmDb, type CrmDb } from '../db/db';
import { createContact } from '../db/book';
import { logInteraction } from '../interactions/log';
import { EmailInquirySchema, type EmailInquiryInput } from '../email';
import { findLookalike } from '../risk/lookalike';
import { enrichInquiry, type BookFacts } from './enrich';

const DAY = 86_400_000;
let db: CrmDb;
let name = 0;

function inquiry(input: Partial<EmailInquiryInput> & Pick<EmailInquiryInput, 'from'>) {
  return EmailInquirySchema.parse({ webmail: 'gmail', account: 'rep@exporter.cn', ...input });
}

beforeEach(async () => {
  db = openCrmDb(`enrich-test-${name++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('enrichInquiry', () => {
  it('matches a known contact and shows the whole timeline newest first', async () => {
    const { contact, company } = await createContact(db, {
      name: 'Hans Müller',
      email: 'Hans@Mueller-Bau.de',
    });
    expect(company?.name).toBe('Mueller Bau');
    await logInteraction(db, {
      companyId: company!.id,
      contactId: contact.id,
      direction: 'in',
      channel: 'email',
      at: 1 * DAY,
      subject: 'First',
      summary: 'asked for prices',
      intent: 'price-inquiry',
      outcome: '',
    });
    await logInteraction(db, {
      companyId: company!.id,
      contactId: contact.id,
      direction: 'out',
      channel: 'email',
      at: 2 * DAY,
      subject: 'Re: First',
      summary: 'sent quote',
      intent: 'follow-up',
      outcome: 'quoted',
    });
    await db.orders.add({
      id: 'o1',
      companyId: company!.id,
      date: 3 * DAY,
      amount: 12000,
      currency: 'USD',
      status: 'paid',
      authorRepId: 'r',
      createdAt: 0,
      updatedAt: 0,
    });

    const card = await enrichInquiry(db, inquiry({ from: { name: 'Hans', email: 'hans@mueller-bau.de' } }));
    expect(card.match).toBe('contact');
    expect(card.contact?.id).toBe(contact.id);
    expect(card.timeline.map((e) => e.kind)).toEqual(['order', 'interaction', 'interaction']);
    expect(card.orderSummary).toEqual({ count: 1, totals: { USD: 12000 }, lastOrderAt: 3 * DAY });
    const reply = card.timeline[1];
    expect(reply?.kind === 'interaction' && reply.interaction.responseTimeMs).toBe(DAY);
  });

  it("shows the open reminders of the card's company, contact and thread, soonest first, and no one else's", async () => {
    const { contact, company } = await createContact(db, { name: 'Hans', email: 'hans@mueller-bau.de' });
    const other = await createContact(db, { name: 'Li', email: 'li@other-buyer.com' });
    const reminder = (id: string, dueAt: number, on: Record<string, string>, done: 0 | 1 = 0) => ({
      id,
      kind: 'follow-up' as const,
      dueAt,
      title: id,
      done,
      ownerRepId: 'r',
      authorRepId: 'r',
      createdAt: 0,
      updatedAt: 0,
      ...on,
    });
    await db.reminders.bulkAdd([
      reminder('company', 5 * DAY, { companyId: company!.id }),
      // Raised on the contact before it had this company.
      reminder('contact', 2 * DAY, { contactId: contact.id }),
      reminder('thread', 9 * DAY, { threadId: 'thread-1' }),
      reminder('both', 1 * DAY, { companyId: company!.id, contactId: contact.id, threadId: 'thread-1' }),
      reminder('done', 3 * DAY, { companyId: company!.id }, 1),
      reminder('elsewhere', 4 * DAY, { companyId: other.company!.id, contactId: other.contact.id }),
    ] as never);
    const card = await enrichInquiry(
      db,
      inquiry({ from: { name: 'Hans', email: 'hans@mueller-bau.de' }, threadId: 'thread-1' }),
    );
    expect(card.openReminders.map((r) => r.id)).toEqual(['both', 'contact', 'company', 'thread']);
  });

  it('finds the company by registrable domain when the person is new', async () => {
    await createContact(db, { name: 'Buyer', email: 'buyer@acme.co.uk' });
    const card = await enrichInquiry(
      db,
      inquiry({ from: { name: 'New Person', email: 'new@mail.acme.co.uk' } }),
    );
    expect(card.match).toBe('domain');
    expect(card.contact).toBeNull();
    expect(card.company?.name).toBe('Acme');
  });

  it('never turns a free-mail sender into a company', async () => {
    const card = await enrichInquiry(
      db,
      inquiry({ from: { name: 'Tom', email: 'tom.buyer2021@gmail.com' } }),
    );
    expect(card.match).toBe('none');
    expect(card.freeMail).toBe(true);
    expect(card.suggestedCompanyName).toBeNull();
    const { company } = await createContact(db, { name: 'Tom', email: 'tom.buyer2021@gmail.com' });
    expect(company).toBeNull();
  });

  it('suggests a company name for an unknown company domain', async () => {
    const card = await enrichInquiry(db, inquiry({ from: { name: 'Ana', email: 'ana@casa-verde.com.br' } }));
    expect(card.suggestedCompanyName).toBe('Casa Verde');
  });

  it('reads an email the rep sent as a card about its recipient', async () => {
    await createContact(db, { name: 'Hans', email: 'hans@mueller-bau.de' });
    const card = await enrichInquiry(
      db,
      inquiry({
        from: { name: 'Me', email: 'rep@exporter.cn' },
        to: [{ name: 'Hans', email: 'hans@mueller-bau.de' }],
      }),
    );
    expect(card.direction).toBe('out');
    expect(card.counterpart.email).toBe('hans@mueller-bau.de');
    expect(card.match).toBe('contact');
  });

  it('shows a thread already logged as logged', async () => {
    const { contact, company } = await createContact(db, { name: 'Li', email: 'li@shop.com.au' });
    const { interaction } = await logInteraction(db, {
      companyId: company!.id,
      contactId: contact.id,
      threadId: 't-1',
      messageId: 'm-1',
      direction: 'in',
      channel: 'email',
      at: DAY,
      subject: 's',
      summary: '',
      intent: 'other',
      outcome: '',
    });
    const card = await enrichInquiry(
      db,
      inquiry({ from: { name: 'Li', email: 'li@shop.com.au' }, threadId: 't-1', messageId: 'm-2' }),
    );
    expect(card.loggedInteractionId).toBe(interaction.id);
    const other = await enrichInquiry(
      db,
      inquiry({ from: { name: 'Li', email: 'li@shop.com.au' }, threadId: 't-2' }),
    );
    expect(other.loggedInteractionId).toBeNull();
    // A newer message in that thread, not answered: it is not logged (the thread's log is older).
    const newer = await enrichInquiry(
      db,
      inquiry({
        from: { name: 'Li', email: 'li@shop.com.au' },
        threadId: 't-1',
        messageId: 'm-3',
        date: 2 * DAY,
      }),
    );
    expect(newer.loggedInteractionId).toBeNull();
  });

  it('hands book facts to risk scoring', async () => {
    await createContact(db, { name: 'A', email: 'a@acme-trade.com' });
    let seen: BookFacts | undefined;
    await enrichInquiry(db, inquiry({ from: { name: 'X', email: 'x@acme-trades.com' } }), {
      risk: (_i, _o, facts) => {
        seen = facts;
        return null;
      },
    });
    expect(seen).toMatchObject({ firstContact: true, domainSeenBefore: false });
    expect(findLookalike('acme-trades.com', seen!.knownCompanyDomains)).toEqual({
      known: 'acme-trade.com',
      kind: 'typo',
    });
  });
  it('asks for the value slot before the risk is worked out, so the read runs beside it', async () => {
    const { company } = await createContact(db, { name: 'Hans Müller', email: 'hans@mueller-bau.de' });
    const events: string[] = [];
    let answer: () => void = () => undefined;
    const card = enrichInquiry(db, inquiry({ from: { name: 'Hans', email: 'hans@mueller-bau.de' } }), {
      value: async (_db, companyId) => {
        events.push(`value asked for ${companyId}`);
        await new Promise<void>((resolve) => (answer = resolve));
        events.push('value read');
        return null;
      },
      risk: () => {
        events.push('risk');
        answer();
        return null;
      },
    });
    await card;
    expect(events).toEqual([`value asked for ${company!.id}`, 'risk', 'value read']);
  });

  it("works out the language and asks for the value while the card's own records are still being read", async () => {
    // A probe in the database's stack: when the company's interactions (the card's second round) are read.
    const probed = openCrmDb(`enrich-order-${name++}`);
    const events: string[] = [];
    probed.use({
      stack: 'dbcore',
      name: 'order-probe',
      create: (down) => ({
        ...down,
        table: (tableName) => {
          const table = down.table(tableName);
          if (tableName !== 'interactions') return table;
          return {
            ...table,
            query: async (request) => {
              const result = await table.query(request);
              if (request.query.index.name === '[companyId+at]') events.push('timeline read');
              return result;
            },
          };
        },
      }),
    });
    await probed.open();
    try {
      await createContact(probed, { name: 'Hans Müller', email: 'hans@mueller-bau.de' });
      await enrichInquiry(probed, inquiry({ from: { name: 'Hans', email: 'hans@mueller-bau.de' } }), {
        value: async () => {
          events.push('value asked');
          return null;
        },
        language: () => {
          events.push('language');
          return 'en';
        },
      });
      expect(events).toEqual(['value asked', 'language', 'timeline read']);
    } finally {
      await probed.delete();
    }
  });
});

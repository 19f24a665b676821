import { describe, expect, it } from 'vitest';
import { readGmail } from './gmail';
import { readOutlook } from './outlook';
import { inquiryOf, savedPages } from '@/test/support/saved-page';

const { open: page } = savedPages();

// Issue 15, part 1: the readers on builds that carry none of the ids they prefer (Outlook.com's
// consumer build, a Microsoft 365 build, Gmail without data-*-id), and on the popout layouts;
// each field says which layer read it. Part 2: a page whose sender cannot be read names the
// field and offers the page's addresses.

const LIVE_ID = encodeURIComponent('AQQkADAwATM0MDAAMS1iNTcwLWEwODgtMDACLTAwCgAQAHrT2nV0iE9Ln0Yq1c3xw8Q=');

describe('Outlook builds without message ids', () => {
  it('reads the consumer outlook.live.com build through its landmarks and accessible names', () => {
    const { doc, loc } = page(
      'outlook/live-consumer.html',
      `https://outlook.live.com/mail/0/inbox/id/${LIVE_ID}`,
    );
    const inquiry = inquiryOf(readOutlook(doc, loc));
    expect(inquiry).toMatchObject({
      from: { name: 'Ana Souza', email: 'ana.souza@vidraria-souza.com.br' },
      to: [{ name: 'Lily Chen', email: 'brightway.lily@outlook.com' }],
      subject: 'Quote request: 3,000 LED tubes T8 for Curitiba',
      date: Date.parse('2026-06-15T10:41:00-03:00'),
      account: 'brightway.lily@outlook.com',
      readBy: { from: 'aria', subject: 'aria', body: 'aria' },
      cut: [],
    });
    expect(inquiry.bodyText).toMatch(/^Hello,\n\nwe are a building supply wholesaler in Curitiba/);
    expect(inquiry.threadId).toBe(decodeURIComponent(LIVE_ID));
  });

  it('reads a Microsoft 365 build: persona buttons, an unlabelled heading, the newest message', () => {
    const { doc, loc } = page(
      'outlook/office-aria.html',
      'https://outlook.office.com/mail/inbox/id/AAQkAGQ2ZmFiMjU0LTNhMjEtNGE5Zi1hYjc1LTVmNjkyYzQxYjE0ZAAQAMw3bq1c8x1Eu0nJpV9kG2E%3D',
    );
    const inquiry = inquiryOf(readOutlook(doc, loc));
    expect(inquiry).toMatchObject({
      from: { name: 'Megan Ross', email: 'megan.ross@oakridge-electrical.com' },
      subject: 'Re: Complaint: flickering in batch OE-2605',
      account: 'lily.chen@brightway-lighting.com',
      readBy: { from: 'aria', subject: 'aria', body: 'aria' },
    });
    expect(inquiry.to).toEqual([{ name: 'Lily Chen', email: 'lily.chen@brightway-lighting.com' }]);
    expect(inquiry.bodyText).toContain('root cause report');
    // The collapsed older message counts for reply tracking, oldest first.
    expect(inquiry.thread).toEqual([
      { from: 'megan.ross@oakridge-electrical.com', date: Date.parse('2026-06-15T09:12:00+01:00') },
      { from: 'megan.ross@oakridge-electrical.com', date: Date.parse('2026-06-16T14:20:00+01:00') },
    ]);
  });

  it('reads a popout that labels nothing from its structure, and says so', () => {
    const item = encodeURIComponent('AQMkADAwATM0MDAAMS1iNTcwLWEwODgtMDACLTAwCgBGAAADvWn0tPj3Ek2R8Q==');
    const { doc, loc } = page(
      'outlook/popout-structure.html',
      `https://outlook.live.com/mail/deeplink/read/${item}`,
    );
    const inquiry = inquiryOf(readOutlook(doc, loc));
    expect(inquiry).toMatchObject({
      from: { name: 'Tom Becker', email: 'tom.becker@mapleleaflighting.ca' },
      subject: 'Sample request: LED strip 24V',
      messageId: decodeURIComponent(item),
      readBy: { from: 'structure', subject: 'aria', body: 'structure' },
    });
    expect(inquiry.bodyText).toContain('3 samples of your 24V LED strip');
  });

  it('names the sender as the field it could not read and offers the page’s addresses', () => {
    const { doc, loc } = page(
      'outlook/no-sender.html',
      `https://outlook.live.com/mail/0/inbox/id/${LIVE_ID}`,
    );
    expect(readOutlook(doc, loc)).toEqual({
      kind: 'unreadable',
      webmail: 'outlook',
      reason: 'no-sender',
      field: 'sender',
      candidates: [
        { name: '', email: 'petra.vogel@hansen-lichttechnik.de' },
        { name: '', email: 'bookings@nordfracht-hamburg.de' },
      ],
    });
  });

  it('reads the page with the sender the rep picked, marked as picked', () => {
    const { doc, loc } = page(
      'outlook/no-sender.html',
      `https://outlook.live.com/mail/0/inbox/id/${LIVE_ID}`,
    );
    const inquiry = inquiryOf(
      readOutlook(doc, loc, { from: { name: '', email: 'petra.vogel@hansen-lichttechnik.de' } }),
    );
    expect(inquiry).toMatchObject({
      from: { email: 'petra.vogel@hansen-lichttechnik.de' },
      subject: 'Shipping marks for PO HL-26-031',
      readBy: { from: 'picked', subject: 'aria', body: 'aria' },
    });
  });
});

describe('Gmail builds without ids, and the popout', () => {
  it('reads a build with no data-*-id hooks and new class names through its landmarks', () => {
    const { doc, loc } = page(
      'gmail/aria-build.html',
      'https://mail.google.com/mail/u/0/#inbox/1976362e90bd7f18',
    );
    const inquiry = inquiryOf(readGmail(doc, loc));
    expect(inquiry).toMatchObject({
      from: { name: 'Javier Morales', email: 'javier.morales@solyluz-iluminacion.es' },
      subject: 'Price request: BW-FL100 flood lights for a stadium car park',
      threadId: '1976362e90bd7f18',
      // One message: its id is the thread's legacy id, so "Show original" can still be fetched.
      messageId: '1976362e90bd7f18',
      account: 'lily.chen@brightway-lighting.com',
      date: new Date(2026, 5, 14, 17, 20).getTime(),
      readBy: { from: 'aria', subject: 'aria', body: 'aria' },
    });
    expect(inquiry.bodyText).toMatch(/^Dear Lily,\n\nwe have a tender for a stadium car park/);
  });

  it('reads the popout window: thread from th=, message from its id, reply-to from the details', () => {
    const { doc, loc } = page(
      'gmail/popout.html',
      'https://mail.google.com/mail/u/0/popout?ver=1ifu2rspjn5qb&search=inbox&th=%23thread-f%3A1834695378069541232&cvid=1',
    );
    const inquiry = inquiryOf(readGmail(doc, loc));
    expect(inquiry).toMatchObject({
      from: { name: 'James Whitaker', email: 'james.whitaker.purchasing@gmail.com' },
      replyTo: [{ name: 'Walmart Global Sourcing', email: 'walmart.globalsourcing@outlook.com' }],
      subject: 'URGENT: Walmart vendor sample request - all models',
      threadId: '197625b9c8e2d170',
      messageId: '197625b9c8e2d170',
      url: 'https://mail.google.com/mail/u/0/#all/197625b9c8e2d170',
      readBy: { from: 'hooks', subject: 'aria', body: 'hooks' },
    });
  });

  it('falls back on the address next to the heading when no element names the sender', () => {
    const { doc, loc } = page(
      'gmail/aria-build.html',
      'https://mail.google.com/mail/u/0/#inbox/1976362e90bd7f18',
    );
    // A build without hover cards: the address is only written out beside the name.
    doc.querySelectorAll('[data-hovercard-id]').forEach((el) => el.removeAttribute('data-hovercard-id'));
    const inquiry = inquiryOf(readGmail(doc, loc));
    expect(inquiry.from).toEqual({ name: 'Javier Morales', email: 'javier.morales@solyluz-iluminacion.es' });
    expect(inquiry.readBy?.from).toBe('structure');
  });
});

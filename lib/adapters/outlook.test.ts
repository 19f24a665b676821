import { describe, expect, it } from 'vitest';
import { adapterFor } from './registry';
import {
  insertReply,
  outlookBodyText,
  parseMailbox,
  parseOutlookDate,
  readOutlook,
  routeIds,
} from './outlook';
import { inquiryOf, localTime as at, savedPages } from '@/test/support/saved-page';

/** A saved Outlook page, opened at an Outlook address, scripts off. */
const { open: page, blank } = savedPages('outlook');

const LIVE_CONVERSATION = 'AQQkADAwATM0MDAAMS1iNTcwLWEwODgtMDACLTAwCgAQAHrT2nV0iE9Ln0Yq1c3xw8Q=';
const M365_CONVERSATION = 'AAQkAGQ2ZmFiMjU0LTNhMjEtNGE5Zi1hYjc1LTVmNjkyYzQxYjE0ZAAQAMw3bq1c8x1Eu0nJpV9kG2E=';
const M365_ITEM =
  'AAMkAGQ2ZmFiMjU0LTNhMjEtNGE5Zi1hYjc1LTVmNjkyYzQxYjE0ZABGAAAAAAB8pQ1mKk3lQ6o0yYdVb9wHBwBq2f5xv0OmRoX3N3PqY2Z1AAAAAAEMAABq2f5xv0OmRoX3N3PqY2Z1AAAp8sD3AAA=';

describe('readOutlook on saved Outlook pages', () => {
  it('reads a single message in the reading pane of Outlook.com', () => {
    const url = `https://outlook.live.com/mail/0/inbox/id/${encodeURIComponent(LIVE_CONVERSATION)}`;
    const { doc, loc } = page('single-message.html', url);
    const inquiry = inquiryOf(readOutlook(doc, loc));
    expect(inquiry).toMatchObject({
      webmail: 'outlook',
      account: 'brightway.lily@outlook.com',
      threadId: LIVE_CONVERSATION,
      messageId: 'QAH3kLmZAAA',
      url,
      from: { name: 'Sofia Marin', email: 's.marin@lumenaria.it' },
      to: [{ name: 'Lily Chen', email: 'brightway.lily@outlook.com' }],
      cc: [],
      replyTo: [],
      subject: 'Inquiry: LED high bays 150W for warehouse in Verona',
      date: at(2026, 6, 14, 15, 0),
      thread: [{ from: 's.marin@lumenaria.it', date: at(2026, 6, 14, 15, 0) }],
    });
    expect(inquiry.bodyText).toMatch(/^Dear Sir or Madam,\n\nwe are a lighting distributor in Verona/);
    expect(inquiry.bodyText).toMatch(/Best regards\nSofia Marin\nPurchasing Manager \| Lumenaria S\.r\.l\./);
    expect(inquiry.bodyText).toMatch(/\+39 045 820 1177$/);
    // The hidden preheader is not what the rep sees.
    expect(inquiry.bodyText).not.toContain('Quote needed by Friday');
  });

  it('reads the newest expanded message of a conversation, with cc, and lists every message oldest first', () => {
    const url = `https://outlook.office.com/mail/inbox/id/${encodeURIComponent(M365_CONVERSATION)}`;
    const { doc, loc } = page('conversation.html', url);
    const inquiry = inquiryOf(readOutlook(doc, loc));
    expect(inquiry.account).toBe('lily.chen@brightway-lighting.com');
    expect(inquiry.threadId).toBe(M365_CONVERSATION);
    expect(inquiry.messageId).toBe('QAEIJBdKwAA');
    expect(inquiry.subject).toBe('Complaint: flickering in batch OE-2605');
    expect(inquiry.from).toEqual({ name: 'Megan Ross', email: 'megan.ross@oakridge-electrical.com' });
    expect(inquiry.to).toEqual([{ name: 'Lily Chen', email: 'lily.chen@brightway-lighting.com' }]);
    expect(inquiry.cc).toEqual([
      { name: 'Quality Assurance', email: 'qa@oakridge-electrical.com' },
      { name: '', email: 'd.ortiz@oakridge-electrical.com' },
    ]);
    // en-GB: day first.
    expect(inquiry.date).toBe(at(2026, 6, 15, 9, 12));
    expect(inquiry.bodyText).toContain('37 of the 400 panels from batch OE-2605 still flicker');
    expect(inquiry.bodyText).not.toContain('our installer reports flickering on 60 panels');
    expect(inquiry.thread).toEqual([
      { from: 'megan.ross@oakridge-electrical.com', date: at(2026, 6, 11, 8, 5) },
      { from: 'lily.chen@brightway-lighting.com', date: at(2026, 6, 12, 16, 40) },
      { from: 'megan.ross@oakridge-electrical.com', date: at(2026, 6, 15, 9, 12) },
    ]);
  });

  it('reads a message opened on its own and leaves out every kind of quoted history', () => {
    const url = `https://outlook.office.com/mail/deeplink/read/${encodeURIComponent(M365_ITEM)}?ItemID=${encodeURIComponent(M365_ITEM)}&exvsurl=1`;
    const { doc, loc } = page('quoted-history.html', url);
    const inquiry = inquiryOf(readOutlook(doc, loc));
    expect(inquiry.messageId).toBe(M365_ITEM);
    expect(inquiry.threadId).toBe('QAFd2cRTAAA');
    expect(inquiry.from).toEqual({ name: 'Faisal Rahman', email: 'faisal.rahman@alnoor-electrical.ae' });
    expect(inquiry.subject).toBe('RE: Quotation BW-Q-26-118 for Al Noor Electrical');
    expect(inquiry.date).toBe(at(2026, 6, 13, 11, 20));
    expect(inquiry.bodyText).toBe(
      [
        'Dear Lily,',
        '',
        'thank you for the quotation. Your price for the BW-FL100 floodlights is 8% above our other offer. If you can give us 6% discount we can confirm 2,000 pcs this month.',
        '',
        'Best regards,',
        'Faisal Rahman',
        'Procurement, Al Noor Electrical Trading LLC, Dubai',
        'Tel: +971 4 335 2280',
      ].join('\n'),
    );
    // The open reply box is not a message.
    expect(inquiry.thread).toHaveLength(1);
  });

  it('still reads the message while a reply box is open inside it', () => {
    const url = `https://outlook.live.com/mail/0/inbox/id/${encodeURIComponent(LIVE_CONVERSATION)}`;
    const { doc, loc } = page('single-message.html', url);
    const box = doc.createElement('div');
    box.setAttribute('contenteditable', 'true');
    box.setAttribute('role', 'textbox');
    box.setAttribute('aria-label', 'Message body, press Alt+F10 to exit');
    box.textContent = 'Dear Sofia,';
    doc.querySelector('[aria-label="Email message"]')!.appendChild(box);
    const inquiry = inquiryOf(readOutlook(doc, loc));
    expect(inquiry.from.email).toBe('s.marin@lumenaria.it');
    expect(inquiry.bodyText).not.toContain('Dear Sofia,');
  });

  it('says nothing is open on the inbox list', () => {
    const { doc, loc } = page('inbox.html', 'https://outlook.live.com/mail/0/inbox');
    expect(readOutlook(doc, loc)).toEqual({
      kind: 'none',
      webmail: 'outlook',
      account: 'brightway.lily@outlook.com',
    });
  });

  it('reads the message the list opened in place (no reload), and the list again once it is closed', () => {
    const convid = 'AQQkADAwATM0MDAAMS1iNTcwLWEwODgtMDACLTAwCgAQAF2s9Q7lXk1Bq0Ue8mJc3tY=';
    const { doc, loc } = page('inbox.html', 'https://outlook.live.com/mail/0/inbox');
    doc.querySelector('[data-convid-open]')!.removeAttribute('hidden');
    doc.querySelector(`[role="option"][data-convid="${convid}"]`)!.setAttribute('aria-selected', 'true');
    // Opened from the list: the selected row gives the conversation even before the address changes.
    const inquiry = inquiryOf(readOutlook(doc, loc));
    expect(inquiry.threadId).toBe(convid);
    expect(inquiry.from).toEqual({ name: 'Tom Becker', email: 'tom.becker@mapleleaflighting.ca' });
    expect(inquiry.date).toBe(at(2026, 6, 13, 9, 41));
  });

  it('reports a page without Outlook’s message hooks as unreadable, never guessing', () => {
    const url = `https://outlook.live.com/mail/0/inbox/id/${encodeURIComponent(LIVE_CONVERSATION)}`;
    const { doc, loc } = page('unreadable.html', url);
    const state = readOutlook(doc, loc);
    expect(state).toMatchObject({ kind: 'unreadable', webmail: 'outlook', reason: 'no-message-markup' });
  });

  it('never throws, even on an empty document', () => {
    const { doc, loc } = page('unreadable.html', 'https://outlook.office365.com/mail/');
    doc.documentElement.innerHTML = '';
    expect(readOutlook(doc, loc).kind).toBe('none');
    expect(readOutlook({} as Document, loc).kind).toBe('unreadable');
  });
});

describe('Outlook addresses and fields', () => {
  it('is the adapter for the three Outlook hosts only', () => {
    expect(adapterFor('https://outlook.live.com/mail/0/inbox')?.id).toBe('outlook');
    expect(adapterFor('https://outlook.office.com/mail/deeplink/read/AAMk')?.id).toBe('outlook');
    expect(adapterFor('https://outlook.office365.com/mail/inbox/id/AAQk')?.id).toBe('outlook');
    expect(adapterFor('https://outlook.live.com.evil.example/mail/')).toBeUndefined();
    expect(adapterFor('https://outlook.com/')).toBeUndefined();
  });

  it('tells conversation ids from item ids in every URL form', () => {
    expect(
      routeIds(`https://outlook.live.com/mail/0/inbox/id/${encodeURIComponent(LIVE_CONVERSATION)}`),
    ).toEqual({ conversationId: LIVE_CONVERSATION, itemId: '', otherId: '' });
    expect(routeIds(`https://outlook.office.com/mail/inbox/id/${M365_ITEM}`).itemId).toBe(M365_ITEM);
    expect(
      routeIds(`https://outlook.office.com/mail/deeplink/read/${encodeURIComponent(M365_ITEM)}`).itemId,
    ).toBe(M365_ITEM);
    expect(
      routeIds(`https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(M365_ITEM)}&exvsurl=1`).itemId,
    ).toBe(M365_ITEM);
    expect(routeIds('https://outlook.office.com/mail/sentitems/id/Zm9vYmFyYmF6cXV4')).toMatchObject({
      otherId: 'Zm9vYmFyYmF6cXV4',
    });
    expect(routeIds('https://outlook.live.com/mail/0/')).toEqual({
      conversationId: '',
      itemId: '',
      otherId: '',
    });
  });

  it('parses the ways Outlook writes a person', () => {
    expect(parseMailbox('From: Sofia Marin <s.marin@lumenaria.it>')).toEqual({
      name: 'Sofia Marin',
      email: 's.marin@lumenaria.it',
    });
    expect(parseMailbox('"Hansen, Klaus" <K.Hansen@Hansen-Lichttechnik.de>')).toEqual({
      name: 'Hansen, Klaus',
      email: 'k.hansen@hansen-lichttechnik.de',
    });
    expect(parseMailbox('qa@oakridge-electrical.com')).toEqual({
      name: '',
      email: 'qa@oakridge-electrical.com',
    });
    expect(parseMailbox('Opens card for Lily Chen')).toEqual({ name: 'Lily Chen', email: '' });
  });

  it('parses the reading pane’s dates in the page’s locale', () => {
    expect(parseOutlookDate('Sun 6/14/2026 3:00 PM', 'en-US')).toBe(at(2026, 6, 14, 15, 0));
    expect(parseOutlookDate('Mon 15/06/2026 09:12', 'en-GB')).toBe(at(2026, 6, 15, 9, 12));
    expect(parseOutlookDate('Fri 05/06/2026 09:12', 'en-GB')).toBe(at(2026, 6, 5, 9, 12));
    expect(parseOutlookDate('Fri 6/5/2026 12:05 AM', 'en-US')).toBe(at(2026, 6, 5, 0, 5));
    expect(parseOutlookDate('2026/6/14 周日 15:00', 'zh-CN')).toBe(at(2026, 6, 14, 15, 0));
    expect(parseOutlookDate('So 14.06.2026 15:00', 'de-DE')).toBe(at(2026, 6, 14, 15, 0));
    expect(parseOutlookDate('Sun, Jun 14, 2026 3:00 PM')).toBe(at(2026, 6, 14, 15, 0));
    expect(parseOutlookDate('Yesterday')).toBe(0);
  });

  it('cuts quoted text written as plain "From: … Sent: …" lines', () => {
    const { doc } = blank();
    const body = doc.createElement('div');
    for (const line of [
      'Thanks, we confirm.',
      '',
      '________________________________',
      'From: Lily Chen',
      'Sent: Friday',
      'To: Tom',
    ]) {
      const div = doc.createElement('div');
      div.textContent = line;
      body.appendChild(div);
    }
    expect(outlookBodyText(body)).toBe('Thanks, we confirm.');
  });
});

describe('insertReply', () => {
  const noWait = async () => {};
  const url = `https://outlook.live.com/mail/0/inbox/id/${encodeURIComponent(LIVE_CONVERSATION)}`;

  it('opens the reply box with Reply and writes the draft as text lines above the signature, never as markup', async () => {
    const { doc } = page('single-message.html', url);
    const inputs: string[] = [];
    let sent = false;
    doc.querySelector('button[aria-label="Reply"]')!.addEventListener('click', () => {
      const box = doc.createElement('div');
      box.setAttribute('contenteditable', 'true');
      box.setAttribute('role', 'textbox');
      box.setAttribute('aria-label', 'Message body, press Alt+F10 to exit');
      const blank = doc.createElement('div');
      blank.appendChild(doc.createElement('br'));
      const signature = doc.createElement('div');
      signature.id = 'Signature';
      signature.textContent = 'Lily Chen';
      box.append(blank, signature);
      box.addEventListener('input', () => inputs.push('input'));
      doc.querySelector('[role="main"]')!.appendChild(box);
    });
    doc.addEventListener('click', (e) => {
      if ((e.target as Element).matches('[aria-label="Send"]')) sent = true;
    });
    const text = 'Dear Sofia,\n\nthank you. <b>Price</b>: EUR 38.50 CIF Genoa.\nLily';
    expect(await insertReply(doc, text, { wait: noWait })).toEqual({ ok: true });
    const box = doc.querySelector('[role="textbox"]')!;
    expect(Array.from(box.children).map((el) => el.textContent)).toEqual([
      'Dear Sofia,',
      '',
      'thank you. <b>Price</b>: EUR 38.50 CIF Genoa.',
      'Lily',
      '',
      'Lily Chen',
    ]);
    expect(box.querySelector('b')).toBeNull();
    expect(inputs).toEqual(['input']);
    expect(sent).toBe(false);
  });

  it('writes into a reply box already open, above the quoted message', async () => {
    const item = encodeURIComponent(M365_ITEM);
    const { doc } = page('quoted-history.html', `https://outlook.office.com/mail/deeplink/read/${item}`);
    expect(await insertReply(doc, 'Dear Faisal,\nwe can offer 3%.', { wait: noWait })).toEqual({ ok: true });
    const box = doc.querySelector('[role="textbox"]')!;
    expect(outlookBodyText(box)).toBe(
      'Dear Faisal,\nwe can offer 3%.\n\nLily Chen\nSales Manager, Brightway Lighting',
    );
    expect(box.querySelector('#divRplyFwdMsg')).not.toBeNull();
  });

  it('says so when there is no message to reply to, or the reply box never opens', async () => {
    const { doc } = page('inbox.html', 'https://outlook.live.com/mail/0/inbox');
    expect(await insertReply(doc, 'Hello', { wait: noWait })).toEqual({
      ok: false,
      reason: 'no-open-message',
    });
    const open = page('single-message.html', url);
    expect(await insertReply(open.doc, 'Hello', { wait: noWait, timeoutMs: 300 })).toEqual({
      ok: false,
      reason: 'reply-box-closed',
    });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bodyText,
  gmailIk,
  headerBlock,
  insertReply,
  messageRouteId,
  parseGmailDate,
  rawFromOriginalPage,
  rawSourceUrl,
  readGmail,
  reportRawHeaders,
} from './gmail';
import { inquiryOf, localTime as at, savedPages } from '@/test/support/saved-page';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/gmail');
const BASE = 'https://mail.google.com/mail/u/0/';
const { open, blank } = savedPages('gmail');
/** A saved Gmail page, opened at a Gmail address, scripts off. */
const page = (file: string, hash: string) => open(file, `${BASE}${hash}`);

describe('readGmail on saved Gmail pages', () => {
  it('reads a single message: sender, recipients, subject, date, ids, body without hidden preheader', () => {
    const { doc, loc } = page('single-message.html', '#inbox/19762c81f6d4e3a2');
    const inquiry = inquiryOf(readGmail(doc, loc));
    expect(inquiry).toMatchObject({
      webmail: 'gmail',
      account: 'lily.chen@brightway-lighting.com',
      threadId: '19762c81f6d4e3a2',
      messageId: '19762c81f6d4e3a2',
      url: 'https://mail.google.com/mail/u/0/#inbox/19762c81f6d4e3a2',
      from: { name: 'Ingrid Berg', email: 'ingrid.berg@nordlys-belysning.no' },
      to: [{ name: '', email: 'lily.chen@brightway-lighting.com' }],
      cc: [],
      replyTo: [],
      subject: 'Inquiry: LED panel lights for 14 schools (Bergen)',
      date: at(2026, 6, 14, 15, 0),
      thread: [{ from: 'ingrid.berg@nordlys-belysning.no', date: at(2026, 6, 14, 15, 0) }],
    });
    expect(inquiry.bodyText).toMatch(/^Hello,\n\nI found your company on your website\./);
    expect(inquiry.bodyText).toContain('UGR<19');
    expect(inquiry.bodyText).toMatch(
      /Med vennlig hilsen\nIngrid Berg\nInnkjøper, Nordlys Belysning AS\n\+47 55 30 18 42$/,
    );
    expect(inquiry.bodyText).not.toContain('Tender for 14 schools, please quote');
  });

  it('reads the last expanded message of a long conversation and lists every message shown, oldest first', () => {
    const { doc, loc } = page('conversation.html', '#inbox/1975f1c0a9d3e211');
    const inquiry = inquiryOf(readGmail(doc, loc));
    expect(inquiry.threadId).toBe('1975f1c0a9d3e211');
    expect(inquiry.messageId).toBe('19763a8f2c4e1b07');
    expect(inquiry.subject).toBe('Repeat order: PO HL-26-044 panels and high bays');
    expect(inquiry.from).toEqual({ name: 'Klaus Hansen', email: 'k.hansen@hansen-lichttechnik.de' });
    // The details table separates cc from to.
    expect(inquiry.to).toEqual([{ name: 'Lily Chen', email: 'lily.chen@brightway-lighting.com' }]);
    expect(inquiry.cc).toEqual([{ name: 'Petra Vogel', email: 'p.vogel@hansen-lichttechnik.de' }]);
    expect(inquiry.date).toBe(at(2026, 6, 15, 8, 8));
    expect(inquiry.thread).toEqual([
      { from: 'k.hansen@hansen-lichttechnik.de', date: at(2026, 6, 11, 7, 25) },
      { from: 'lily.chen@brightway-lighting.com', date: at(2026, 6, 12, 6, 10) },
      { from: 'k.hansen@hansen-lichttechnik.de', date: at(2026, 6, 15, 8, 8) },
    ]);
    expect(inquiry.bodyText).toContain('Please take this mail as our order PO HL-26-044:');
    expect(inquiry.bodyText).toContain(
      '1,200 pcs BW-PL6060-40, 4000K, white frame, USD 14.20\n400 pcs BW-HB150',
    );
    // Quoted history behind "…" and the hidden thread opened earlier stay out.
    expect(inquiry.bodyText).not.toContain('wrote:');
    expect(inquiry.bodyText).not.toContain('FOB Ningbo');
    expect(inquiry.bodyText).not.toContain('stadium');
    expect(inquiry.bodyText?.endsWith('Tel. +49 40 8537 2210')).toBe(true);
  });

  it('reads the preview pane (split view, hash stays #inbox) including a reply-to from the details table', () => {
    const { doc, loc } = page('preview-pane.html', '#inbox');
    const inquiry = inquiryOf(readGmail(doc, loc));
    expect(inquiry.from.email).toBe('james.whitaker.purchasing@gmail.com');
    expect(inquiry.replyTo).toEqual([
      { name: 'Walmart Global Sourcing', email: 'walmart.globalsourcing@outlook.com' },
    ]);
    expect(inquiry.threadId).toBe('197625b9c8e2d170');
    expect(inquiry.messageId).toBe('197625b9c8e2d170');
    // No thread in the address bar: the link reopens the thread by its id.
    expect(inquiry.url).toBe('https://mail.google.com/mail/u/0/#all/197625b9c8e2d170');
    expect(inquiry.date).toBe(at(2026, 6, 13, 19, 0));
    expect(inquiry.bodyText).toMatch(/^Dear Sir\/Madam,\n\nI am James Whitaker/);
    expect(inquiry.bodyText).toContain('send FREE SAMPLES of all your models within 48 hours');
    expect(inquiry.bodyText).toMatch(/Regards,\nJames Whitaker\nSenior Purchasing Director/);
  });

  it('drops an Outlook-quoted earlier message from the reply text', () => {
    const { doc, loc } = page('quoted-history.html', '#inbox/19762e0c41f9b3a6');
    const inquiry = inquiryOf(readGmail(doc, loc));
    expect(inquiry.messageId).toBe('197631f7d5e28a40');
    expect(inquiry.from).toEqual({ name: 'Faisal Rahman', email: 'faisal@alnoor-electrical.ae' });
    expect(inquiry.bodyText).toMatch(/^Dear Lily,\n\nthank you for the quotation\./);
    expect(inquiry.bodyText).toMatch(/Mob\. \+971 50 482 1937$/);
    expect(inquiry.bodyText).not.toContain('Sent:');
    expect(inquiry.bodyText).not.toContain('USD 86.00');
    expect(inquiry.thread?.map((m) => m.from)).toEqual([
      'lily.chen@brightway-lighting.com',
      'faisal@alnoor-electrical.ae',
    ]);
  });

  it('reads the inbox list as no message open, with the account', () => {
    const { doc, loc } = page('inbox.html', '#inbox');
    expect(readGmail(doc, loc)).toEqual({
      kind: 'none',
      webmail: 'gmail',
      account: 'lily.chen@brightway-lighting.com',
    });
  });

  it('says a page is unreadable when a thread is open but the markup has none of the hooks', () => {
    const { doc, loc } = page('unreadable.html', '#inbox/1976219a5d0c3e67');
    const state = readGmail(doc, loc);
    expect(state.kind).toBe('unreadable');
    // A code, which the panel words in the rep's language.
    expect(state.kind === 'unreadable' && state.reason).toBe('no-message-markup');
  });

  it('turns a page that throws while being read into unreadable, never an exception', () => {
    const { doc, loc } = page('single-message.html', '#inbox/19762c81f6d4e3a2');
    Object.defineProperty(doc, 'querySelectorAll', {
      value: () => {
        throw new Error('boom');
      },
    });
    expect(readGmail(doc, loc)).toMatchObject({
      kind: 'unreadable',
      webmail: 'gmail',
      reason: 'read-failed:Error',
    });
  });
});

describe('pieces of the Gmail reader', () => {
  it('recognises message routes, not lists or searches', () => {
    expect(messageRouteId('#inbox/19762c81f6d4e3a2')).toBe('19762c81f6d4e3a2');
    expect(messageRouteId('#label/Customers/FMfcgzQbfLMnzxQwKxTwLbjMhdRrkXGv')).toBe(
      'FMfcgzQbfLMnzxQwKxTwLbjMhdRrkXGv',
    );
    expect(messageRouteId('#inbox')).toBe('');
    expect(messageRouteId('#search/quotationrequestfromcustomers')).toBe('');
    expect(messageRouteId('#settings/general')).toBe('');
  });

  it('parses the date formats Gmail shows in English and Chinese', () => {
    expect(parseGmailDate('Tue, Jan 14, 2025, 10:32\u202fAM')).toBe(at(2025, 1, 14, 10, 32));
    expect(parseGmailDate('Tue, 14 Jan 2025, 22:05')).toBe(at(2025, 1, 14, 22, 5));
    expect(parseGmailDate('Jan 14, 2025, 12:15 AM')).toBe(at(2025, 1, 14, 0, 15));
    expect(parseGmailDate('2025年1月14日 周二 下午3:07')).toBe(at(2025, 1, 14, 15, 7));
    expect(parseGmailDate('yesterday')).toBe(0);
  });

  it('cuts plain-text quoted history written by other mail programs', () => {
    const div = blank().doc.createElement('div');
    div.innerHTML =
      'Price ok, please ship.<br>Thanks<br><br>------------------ 原始邮件 ------------------<br>发件人: Lily<br>Old text';
    expect(bodyText(div as unknown as Element)).toBe('Price ok, please ship.\nThanks');
    div.innerHTML = 'Yes.<br><br>On Mon, Jun 15, 2026 Lily Chen wrote:<br>&gt; the old text<br>&gt; more';
    expect(bodyText(div as unknown as Element)).toBe('Yes.');
  });
});

describe('raw source ("Show original")', () => {
  it('builds the same-origin view=om address with the page key and the decimal message id', () => {
    const { doc, loc } = page('single-message.html', '#inbox/19762c81f6d4e3a2');
    expect(gmailIk(doc)).toBe('5c1e7a9b3d');
    expect(rawSourceUrl(doc, loc, '19762c81f6d4e3a2')).toBe(
      'https://mail.google.com/mail/u/0/?ik=5c1e7a9b3d&view=om&permmsgid=msg-f:1834702834903606178',
    );
  });

  it("takes the raw message out of Gmail's original-message page and keeps only the headers", () => {
    const html =
      '<html><body><pre class="raw_message_text" id="raw_message_text">Received: from a (a [1.2.3.4])\r\n' +
      'From: A &lt;a@x.com&gt;\r\nSubject: Hi &amp; bye\r\n\r\nSecret body</pre></body></html>';
    const raw = rawFromOriginalPage(html);
    expect(raw).not.toBeNull();
    expect(headerBlock(raw!)).toBe(
      'Received: from a (a [1.2.3.4])\r\nFrom: A <a@x.com>\r\nSubject: Hi & bye',
    );
    expect(rawFromOriginalPage('<html><body>Sign in to continue</body></html>')).toBeNull();
  });

  it('fetches the headers once and sends them as page/raw without the body', async () => {
    const { doc, loc } = page('single-message.html', '#inbox/19762c81f6d4e3a2');
    const eml = readFileSync(path.join(FIXTURES, 'raw/19762c81f6d4e3a2.eml'), 'utf8');
    const asked: string[] = [];
    const sent: unknown[] = [];
    const ok = await reportRawHeaders({
      doc,
      loc,
      messageId: '19762c81f6d4e3a2',
      fetch: async (url) => {
        asked.push(url);
        return { ok: true, text: async () => eml };
      },
      send: async (message) => {
        sent.push(message);
      },
    });
    expect(ok).toBe(true);
    expect(asked).toEqual([rawSourceUrl(doc, loc, '19762c81f6d4e3a2')]);
    const message = sent[0] as { type: string; messageId: string; raw: string };
    expect(message.type).toBe('page/raw');
    expect(message.messageId).toBe('19762c81f6d4e3a2');
    expect(message.raw).toMatch(/^Delivered-To: /);
    expect(message.raw).toContain('[84.209.140.22]');
    expect(message.raw).not.toContain('3,500 LED panels');
  });

  it('resolves false, without sending, when Gmail refuses', async () => {
    const { doc, loc } = page('single-message.html', '#inbox/19762c81f6d4e3a2');
    const sent: unknown[] = [];
    const ok = await reportRawHeaders({
      doc,
      loc,
      messageId: '19762c81f6d4e3a2',
      fetch: async () => ({ ok: false, text: async () => '' }),
      send: async (m) => void sent.push(m),
    });
    expect(ok).toBe(false);
    expect(sent).toEqual([]);
  });
});

describe('insertReply', () => {
  const noWait = async () => {};

  it('opens the reply box with the Reply link and writes the draft as text lines, never as markup', async () => {
    const { doc } = page('single-message.html', '#inbox/19762c81f6d4e3a2');
    const inputs: string[] = [];
    // Gmail opens the reply box when the message's Reply button is pressed.
    doc.querySelector('[role="button"][aria-label="Reply"]')!.addEventListener('click', () => {
      const box = doc.createElement('div');
      box.setAttribute('contenteditable', 'true');
      box.setAttribute('role', 'textbox');
      box.setAttribute('aria-label', 'Message Body');
      box.setAttribute('g_editable', 'true');
      box.innerHTML =
        '<br><div class="gmail_signature" data-smartmail="gmail_signature">-- <br>Lily Chen</div>';
      box.addEventListener('input', () => inputs.push('input'));
      doc.querySelector('[role="main"]')!.appendChild(box);
    });
    const text = 'Dear Ingrid,\n\nthank you. <b>Price</b>: USD 14.20 FOB.\nBest regards,\nLily';
    const result = await insertReply(doc, text, { wait: noWait });
    expect(result).toEqual({ ok: true });
    const box = doc.querySelector('[role="textbox"]')!;
    expect(Array.from(box.children).map((el) => el.textContent)).toEqual([
      'Dear Ingrid,',
      '',
      'thank you. <b>Price</b>: USD 14.20 FOB.',
      'Best regards,',
      'Lily',
      '',
      '-- Lily Chen',
    ]);
    expect(box.querySelector('b')).toBeNull();
    expect(inputs).toEqual(['input']);
  });

  it('puts a second suggested draft in place of an untouched first one, and never over the rep’s edits', async () => {
    const { doc } = page('single-message.html', '#inbox/19762c81f6d4e3a2');
    const box = doc.createElement('div');
    box.setAttribute('contenteditable', 'true');
    box.setAttribute('role', 'textbox');
    box.setAttribute('g_editable', 'true');
    box.innerHTML =
      '<br><div class="gmail_signature" data-smartmail="gmail_signature">-- <br>Lily Chen</div>';
    doc.querySelector('[role="main"]')!.appendChild(box);
    const lines = () => Array.from(box.children).map((el) => el.textContent);

    await insertReply(doc, 'Dear Ingrid,\n\nfirst draft', { wait: noWait });
    await insertReply(doc, 'Dear Ingrid,\nsecond draft', { wait: noWait });
    expect(lines()).toEqual(['Dear Ingrid,', 'second draft', '', '-- Lily Chen']);

    // The rep edits the draft: it is theirs now, and the next one goes below it.
    box.children[1]!.textContent = 'second draft, with my changes';
    await insertReply(doc, 'Hi Ingrid,\nthird draft', { wait: noWait });
    expect(lines()).toEqual([
      'Dear Ingrid,',
      'second draft, with my changes',
      '',
      'Hi Ingrid,',
      'third draft',
      '',
      '-- Lily Chen',
    ]);
  });

  it('says so when there is no message to reply to', async () => {
    const { doc } = page('inbox.html', '#inbox');
    expect(await insertReply(doc, 'Hello', { wait: noWait })).toEqual({
      ok: false,
      reason: 'no-open-message',
    });
  });

  it('gives up when the reply box never opens', async () => {
    const { doc } = page('single-message.html', '#inbox/19762c81f6d4e3a2');
    const result = await insertReply(doc, 'Hello', { wait: noWait, timeoutMs: 300 });
    expect(result).toEqual({ ok: false, reason: 'reply-box-closed' });
  });
});

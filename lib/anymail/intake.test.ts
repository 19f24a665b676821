import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeMsg } from '../../test/support/msg-writer';
import { headerValues, parseHeaderBlock } from '../mail/parse';
import {
  fromFile,
  fromSource,
  headerBlockOf,
  headersBelongTo,
  MAX_FILE_BYTES,
  MAX_PASTE_CHARS,
  type DroppedFile,
  type IntakeResult,
} from './intake';

const WALMART = path.resolve('test/fixtures/gmail/raw/197625b9c8e2d170.eml');

const file = (name: string, bytes: Uint8Array | string): DroppedFile => {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return { name, size: data.byteLength, arrayBuffer: async () => data.slice().buffer };
};

function mailOf(result: IntakeResult) {
  if (!result.ok) throw new Error(`intake failed: ${result.error}`);
  return result.mail;
}

/** The Walmart scam as Outlook desktop saves it: its transport headers and its text. */
async function walmartMsg(withHeaders = true): Promise<Uint8Array> {
  const source = await readFile(WALMART, 'utf8');
  return writeMsg({
    headers: withHeaders ? headerBlockOf(source) : undefined,
    subject: 'URGENT: Walmart vendor sample request - all models',
    body: source.slice(source.indexOf('\n\n') + 2).replace(/\n/g, '\r\n'),
    senderName: 'James Whitaker',
    senderEmail: 'james.whitaker.purchasing@gmail.com',
    messageId: 'CAF3w9yN1kQ7eR2vT5bH8mJ0cX4dL6pS3gA9uZ1oW7nE2fK5iY@mail.gmail.com',
    recipients: [
      { name: 'Lily Chen', email: 'lily.chen@brightway-lighting.com', type: 'to' },
      { name: 'Sales', email: 'sales@brightway-lighting.com', type: 'cc' },
    ],
  });
}

describe('an .eml file', () => {
  it('becomes the inquiry and the header block the webmail page would send', async () => {
    const source = await readFile(WALMART, 'utf8');
    const mail = mailOf(await fromFile(file('scam.eml', source)));
    expect(mail.format).toBe('eml');
    const { inquiry } = mail.state;
    expect(inquiry.from).toEqual({ name: 'James Whitaker', email: 'james.whitaker.purchasing@gmail.com' });
    expect(inquiry.replyTo[0]?.email).toBe('walmart.globalsourcing@outlook.com');
    expect(inquiry.subject).toBe('URGENT: Walmart vendor sample request - all models');
    expect(inquiry.date).toBe(Date.parse('2026-06-13T19:00:00Z'));
    expect(inquiry.bodyText).toContain('FREE SAMPLES');
    expect(inquiry.threadId).toBe(`mid:${inquiry.messageId}`);
    // No page to reopen and no mailbox: the background fills the rep's own address.
    expect(inquiry.url).toBe('');
    expect(inquiry.account).toBe('');
    // The header block carries the whole Received chain and nothing of the body.
    const headers = await parseHeaderBlock(mail.raw);
    expect(headerValues(headers, 'received')).toHaveLength(3);
    expect(mail.raw).not.toContain('FREE SAMPLES');
  });

  it('threads a reply under the first message of its References', async () => {
    const reply = [
      'From: a@acme.example',
      'To: b@brightway-lighting.com',
      'Subject: Re: price',
      'Message-ID: <3@acme.example>',
      'In-Reply-To: <2@acme.example>',
      'References: <1@acme.example> <2@acme.example>',
      '',
      'ok',
    ].join('\r\n');
    expect(mailOf(await fromSource(reply, 'paste')).state.inquiry.threadId).toBe('mid:1@acme.example');
  });
});

describe('pasted source', () => {
  it('is read the same as the file, whatever line endings and leading blank lines the copy brought', async () => {
    const source = await readFile(WALMART, 'utf8');
    const pasted = mailOf(await fromSource(`\n\n${source.replace(/\n/g, '\r\n')}`, 'paste'));
    const dropped = mailOf(await fromFile(file('scam.eml', source)));
    expect(pasted.format).toBe('paste');
    expect(pasted.state.inquiry).toEqual(dropped.state.inquiry);
    expect(await parseHeaderBlock(pasted.raw)).toEqual(await parseHeaderBlock(dropped.raw));
  });

  it('of headers only still names the sender (the body stays empty)', async () => {
    const source = await readFile(WALMART, 'utf8');
    const mail = mailOf(await fromSource(headerBlockOf(source), 'paste'));
    expect(mail.state.inquiry.from.email).toBe('james.whitaker.purchasing@gmail.com');
    expect(mail.state.inquiry.bodyText).toBe('');
  });
});

describe('an Outlook .msg file', () => {
  it('with transport headers gives the same inquiry and headers as the .eml', async () => {
    const source = await readFile(WALMART, 'utf8');
    const msg = mailOf(await fromFile(file('scam.msg', await walmartMsg())));
    const eml = mailOf(await fromFile(file('scam.eml', source)));
    expect(msg.format).toBe('msg');
    expect(msg.state.inquiry.from).toEqual(eml.state.inquiry.from);
    expect(msg.state.inquiry.replyTo).toEqual(eml.state.inquiry.replyTo);
    expect(msg.state.inquiry.subject).toBe(eml.state.inquiry.subject);
    expect(msg.state.inquiry.date).toBe(eml.state.inquiry.date);
    expect(msg.state.inquiry.threadId).toBe(eml.state.inquiry.threadId);
    expect(msg.state.inquiry.bodyText.trim()).toBe(eml.state.inquiry.bodyText.trim());
    expect(await parseHeaderBlock(msg.raw)).toEqual(await parseHeaderBlock(eml.raw));
  });

  it('never sent through the internet reads sender and recipients from its properties, with no headers', async () => {
    const mail = mailOf(await fromFile(file('draft.msg', await walmartMsg(false))));
    expect(mail.raw).toBe('');
    expect(mail.state.inquiry.from).toEqual({
      name: 'James Whitaker',
      email: 'james.whitaker.purchasing@gmail.com',
    });
    expect(mail.state.inquiry.to.map((m) => m.email)).toEqual(['lily.chen@brightway-lighting.com']);
    expect(mail.state.inquiry.cc.map((m) => m.email)).toEqual(['sales@brightway-lighting.com']);
    expect(mail.state.inquiry.messageId).toBe(
      'CAF3w9yN1kQ7eR2vT5bH8mJ0cX4dL6pS3gA9uZ1oW7nE2fK5iY@mail.gmail.com',
    );
  });
});

describe('bad input ends in a clear code', () => {
  it('too large, before a byte is read', async () => {
    let read = false;
    const huge: DroppedFile = {
      name: 'big.eml',
      size: MAX_FILE_BYTES + 1,
      arrayBuffer: async () => {
        read = true;
        return new ArrayBuffer(0);
      },
    };
    expect(await fromFile(huge)).toEqual({ ok: false, error: 'too-large' });
    expect(read).toBe(false);
    expect(await fromSource('x'.repeat(MAX_PASTE_CHARS + 1), 'paste')).toEqual({
      ok: false,
      error: 'too-large',
    });
  });

  it('empty, not an email, a damaged .msg, another binary file', async () => {
    expect(await fromFile(file('a.eml', ''))).toEqual({ ok: false, error: 'empty' });
    expect(await fromSource('   \n', 'paste')).toEqual({ ok: false, error: 'empty' });
    expect(await fromSource('Hello, can you quote 500 pcs?', 'paste')).toEqual({
      ok: false,
      error: 'not-an-email',
    });
    expect(await fromSource('Subject: hi\n\nno sender here', 'paste')).toEqual({
      ok: false,
      error: 'not-an-email',
    });
    const msg = await walmartMsg();
    expect(await fromFile(file('cut.msg', msg.slice(0, 700)))).toEqual({ ok: false, error: 'broken-msg' });
    expect(await fromFile(file('renamed.msg', 'From: a@b.example\n\nhi'))).toEqual({
      ok: false,
      error: 'broken-msg',
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await fromFile(file('photo.eml', png))).toEqual({ ok: false, error: 'not-an-email' });
  });
});

describe('pasted headers of an open message', () => {
  it('belong to it when sender and subject agree, and not otherwise', async () => {
    const source = await readFile(WALMART, 'utf8');
    const { inquiry } = mailOf(await fromFile(file('scam.eml', source))).state;
    const block = headerBlockOf(source);
    expect(await headersBelongTo(block, inquiry)).toBe(true);
    expect(await headersBelongTo(block, { ...inquiry, subject: 'Another subject' })).toBe(false);
    expect(await headersBelongTo(block, { ...inquiry, from: { name: '', email: 'x@y.example' } })).toBe(
      false,
    );
    expect(await headersBelongTo('not headers at all', inquiry)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../lang/detect';
import { htmlToText } from './html-to-text';
import { ownText } from './own-text';
import {
  boundRawMessage,
  MAX_HEADERS,
  MAX_HTML_PART_CHARS,
  MAX_TEXT_PART_CHARS,
  parseHeaderBlock,
  parseRawMessage,
} from './parse';

// Hostile shapes found by probing (issue 16): each used to throw or to take seconds to
// minutes. A quadratic step on these sizes runs far past the test's timeout, so a
// regression fails here; the figures themselves are printed by `npm run fuzz`.

function nestedMime(levels: number): string {
  let raw =
    'From: Eve <eve@scam.example>\r\nSubject: Nested\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n';
  for (let i = 1; i < levels; i++)
    raw += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
  return raw + `--b${levels - 1}\r\nContent-Type: text/plain\r\n\r\nPlease change the bank account.\r\n`;
}

describe('parseRawMessage on hostile mail never throws and says what it cut', () => {
  it('MIME nested 300 levels deep: the top headers are read, the nesting is reported', async () => {
    const { inquiry, limits } = await parseRawMessage(nestedMime(300));
    expect(inquiry.from.email).toBe('eve@scam.example');
    expect(inquiry.subject).toBe('Nested');
    expect(limits).toContain('nesting');
  });

  it('a header over 2 MB: the other headers are still read', async () => {
    const raw = `From: eve@scam.example\r\nSubject: Big\r\nX-Big: ${'a'.repeat(2_200_000)}\r\n\r\nbody`;
    const { inquiry, limits } = await parseRawMessage(raw);
    expect(inquiry.from.email).toBe('eve@scam.example');
    expect(inquiry.subject).toBe('Big');
    expect(limits.length).toBeGreaterThan(0);
  });

  it('a 20 MB message is cut, not parsed whole', async () => {
    const raw = `From: eve@scam.example\r\nSubject: Huge\r\n\r\n${'Please send samples. '.repeat(1_000_000)}`;
    const { inquiry, limits } = await parseRawMessage(raw);
    expect(inquiry.subject).toBe('Huge');
    expect(inquiry.bodyText.startsWith('Please send samples.')).toBe(true);
    expect(limits).toContain('message-size');
  });

  it('a large attachment is dropped before parsing: the text around it is read whole', async () => {
    const base64 = `${'QUFB'.repeat(19)}\r\n`.repeat(40_000); // 3 MB of base64 in 76-character lines
    const raw =
      'From: Ana <ana@buyer.example>\r\nSubject: PO attached\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed;\r\n boundary="outer"\r\n\r\n' +
      '--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n' +
      '--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease confirm the attached PO for 500 pcs.\r\n' +
      '--inner\r\nContent-Type: text/html\r\n\r\n<p>Please confirm the attached PO for 500 pcs.</p>\r\n--inner--\r\n' +
      `--outer\r\nContent-Type: application/pdf; name="po.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64}` +
      `--outer\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="log.txt"\r\n\r\n${'log line\r\n'.repeat(50_000)}` +
      '--outer--\r\n';
    const bounded = boundRawMessage(raw);
    expect(bounded.source.length).toBeLessThan(2000);
    expect(bounded.limits).toEqual([]);
    const { inquiry, limits } = await parseRawMessage(raw);
    expect(inquiry.bodyText.trim()).toBe('Please confirm the attached PO for 500 pcs.');
    expect(limits).toEqual([]);
  });

  it('an HTML-only message with a large inline image: the text is read', async () => {
    const raw =
      'From: Ana <ana@buyer.example>\r\nSubject: Logo\r\nContent-Type: multipart/related; boundary=r\r\n\r\n' +
      '--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Price for 200 pcs with our logo?</p>\r\n' +
      `--r\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n${`${'iVBO'.repeat(19)}\r\n`.repeat(20_000)}--r--\r\n`;
    const { inquiry, limits } = await parseRawMessage(raw);
    expect(inquiry.bodyText.trim()).toBe('Price for 200 pcs with our logo?');
    expect(limits).toEqual([]);
  });

  it('a plain-text part is read to a little more than the card keeps; an HTML part past its styles', async () => {
    const quoted = `Please quote 300 pcs.\r\n${'> On Mon wrote:\r\n'.repeat(16_000)}`;
    const plain = `From: a@b.example\r\nSubject: Long\r\nContent-Type: text/plain\r\n\r\n${quoted}`;
    const bounded = boundRawMessage(plain);
    expect(bounded.source.length).toBeLessThan(MAX_TEXT_PART_CHARS + 200);
    expect(bounded.limits).toEqual(['body-size']);
    expect((await parseRawMessage(plain)).inquiry.bodyText.startsWith('Please quote 300 pcs.')).toBe(true);
    const styles = `<style>${'.c{color:red}\r\n'.repeat(8_000)}</style>`;
    const html = `From: a@b.example\r\nSubject: Word\r\nContent-Type: text/html\r\n\r\n<html><head>${styles}</head><body><p>Price for 200 pcs?</p></body></html>`;
    const read = await parseRawMessage(html);
    expect(read.inquiry.bodyText.trim()).toBe('Price for 200 pcs?');
    expect(read.limits).toEqual([]);
  });

  it('an HTML part is read to twice a plain part: a 240 KB one costs the parser half', async () => {
    const paragraphs = '<p>Please quote 300 pcs of the 40 W panel.</p>\r\n'.repeat(5_000);
    const raw = `From: a@b.example\r\nSubject: Long\r\nContent-Type: text/html\r\n\r\n${paragraphs}`;
    expect(raw.length).toBeGreaterThan(240_000);
    const bounded = boundRawMessage(raw);
    expect(bounded.source.length).toBeLessThan(MAX_HTML_PART_CHARS + 200);
    expect(bounded.limits).toEqual(['body-size']);
    const read = await parseRawMessage(raw);
    expect(read.inquiry.bodyText.startsWith('Please quote 300 pcs of the 40 W panel.')).toBe(true);
  });

  it('thousands of junk headers: a few hundred are read, and still the sender and subject', async () => {
    const junk = Array.from({ length: 3000 }, (_, i) => `X-Junk-${i}: ${i}`).join('\r\n');
    const raw = `${junk}\r\nFrom: Eve <eve@scam.example>\r\nSubject: Bank details\r\n\r\nPay here.`;
    expect(boundRawMessage(raw).limits).toEqual(['header-count']);
    const { inquiry, headers, limits } = await parseRawMessage(raw);
    expect(headers.length).toBeLessThanOrEqual(MAX_HEADERS);
    expect(inquiry.from.email).toBe('eve@scam.example');
    expect(inquiry.subject).toBe('Bank details');
    expect(limits).toContain('header-count');
  });

  it('junk headers cannot push the sender and subject out of sight', async () => {
    const junk = Array.from({ length: 40 }, (_, i) => `X-Junk-${i}: ${'j'.repeat(7000)}`).join('\r\n');
    const raw = `${junk}\r\nFrom: Eve <eve@scam.example>\r\nSubject: New bank details\r\n\r\nPay here.`;
    const { source, limits } = boundRawMessage(raw);
    expect(source.length).toBeLessThan(raw.length);
    expect(limits).toEqual(['header-size']);
    const { inquiry } = await parseRawMessage(raw);
    expect(inquiry.from.email).toBe('eve@scam.example');
    expect(inquiry.subject).toBe('New bank details');
    expect(inquiry.bodyText.trim()).toBe('Pay here.');
  });

  it('a header folded over thousands of lines is cut to one field’s length', () => {
    const folded = `X-Long: start\r\n${' more\r\n'.repeat(100_000)}`;
    const { source, limits } = boundRawMessage(`From: a@b.example\r\n${folded}Subject: Hi\r\n\r\nHello`);
    expect(source.length).toBeLessThan(20_000);
    expect(source).toContain('Subject: Hi');
    expect(limits).toEqual(['header-size']);
  });

  it('an ordinary message reports no limits', async () => {
    const { limits } = await parseRawMessage('From: a@b.example\r\nSubject: Hi\r\n\r\nHello');
    expect(limits).toEqual([]);
  });

  it('garbage that is no message at all still answers', async () => {
    const { inquiry } = await parseRawMessage('\u0000\u0001'.repeat(50_000));
    expect(inquiry.from.email).toBe('');
    await expect(parseHeaderBlock('\u0000'.repeat(100_000))).resolves.toBeInstanceOf(Array);
  });
});

describe('htmlToText is linear on hostile markup', () => {
  it.each([
    ['unclosed "<" everywhere', '<'.repeat(800_000)],
    ['unclosed <p', '<p'.repeat(400_000)],
    ['unclosed <script', '<script'.repeat(110_000)],
    ['unclosed comments', '<!--'.repeat(200_000)],
    ['unclosed attributes', '<a '.repeat(260_000)],
  ])('%s', (_, html) => {
    expect(typeof htmlToText(html)).toBe('string');
  });

  it('still reads text around stray "<" and drops an unclosed script', () => {
    expect(htmlToText('<p>a < b and 3<4</p><p>ok')).toBe('a < b and 3<4\n\nok');
    expect(htmlToText('<p>before</p><script>steal(); <p>never shown')).toBe('before');
    expect(htmlToText('<P>Upper</P><BR>case<TD>x</TD>y')).toBe('Upper\n\ncasex y');
  });
});

describe('language and quoted-text detection are linear', () => {
  it('a mailbox of long bodies without spaces', () => {
    // Each took 0.4 to 1 s in one regex: thirty of them ran past the test's timeout.
    for (let i = 0; i < 30; i++) expect(typeof detectLanguage(`${i}${'a'.repeat(100_000)}`)).toBe('string');
    expect(detectLanguage(`${'x@'.repeat(10_000)}${'b'.repeat(200_000)}`)).toBe('');
  });

  it('still drops addresses and links before guessing', () => {
    expect(
      detectLanguage('Hello, please send your price list to buyer@example.com or see https://example.com/x'),
    ).toBe('en');
  });

  it('ownText on one enormous line', () => {
    expect(ownText(`from: ${'a'.repeat(1_000_000)}`).length).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../lang/detect';
import { htmlToText } from './html-to-text';
import { ownText } from './own-text';
import { parseHeaderBlock, parseRawMessage } from './parse';

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

import { describe, expect, it } from 'vitest';
import { headerValues, inquiryFromEml, parseHeaderBlock, parseRawMessage } from './parse';
import { htmlToText } from './html-to-text';
import { ownText } from './own-text';

const RAW = [
  'Received: from mx2.example.net (mx2.example.net [93.200.161.178])',
  '\tby mx.google.com with ESMTPS id 1;',
  '\tTue, 4 Mar 2025 09:12:01 +0100',
  'Received: from [192.168.1.2] (unknown [41.190.3.20]) by mx2.example.net with ESMTPSA id 2; Tue, 4 Mar 2025 09:12:00 +0100',
  'From: =?UTF-8?B?5byg5LiJ?= <Zhang.San@Example.COM>',
  'Reply-To: "Finance" <finance@other.example>, second@other.example',
  'To: Lily <lily@nblighting.com>, undisclosed-recipients:;',
  'Cc: a@b.example',
  'Subject: =?UTF-8?Q?Anfrage_f=C3=BCr_LED?=',
  'Date: Tue, 4 Mar 2025 09:12:01 +0100',
  'Message-ID: <abc123@example.com>',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Hello&nbsp;<b>there</b></p><script>stealCookies()</script><p>Price &amp; MOQ?</p>',
].join('\r\n');

describe('parseRawMessage', () => {
  it('keeps Received lines in message order, unfolded', async () => {
    const { headers } = await parseRawMessage(RAW);
    const received = headerValues(headers, 'Received');
    expect(received).toHaveLength(2);
    expect(received[0]).toBe(
      'from mx2.example.net (mx2.example.net [93.200.161.178]) by mx.google.com with ESMTPS id 1; Tue, 4 Mar 2025 09:12:01 +0100',
    );
    expect(received[1]).toContain('41.190.3.20');
  });

  it('builds the inquiry: decoded names and subject, reply-to list, date, body as text without script', async () => {
    const inquiry = await inquiryFromEml(RAW);
    expect(inquiry.from).toEqual({ name: '张三', email: 'Zhang.San@Example.COM' });
    expect(inquiry.replyTo.map((m) => m.email)).toEqual(['finance@other.example', 'second@other.example']);
    expect(inquiry.to.map((m) => m.email)).toEqual(['lily@nblighting.com']);
    expect(inquiry.cc).toEqual([{ name: '', email: 'a@b.example' }]);
    expect(inquiry.subject).toBe('Anfrage für LED');
    expect(inquiry.date).toBe(Date.UTC(2025, 2, 4, 8, 12, 1));
    expect(inquiry.messageId).toBe('abc123@example.com');
    expect(inquiry.bodyText).toBe('Hello there\n\nPrice & MOQ?');
  });

  it('survives hostile input: no From, thousands of headers, an overlong subject', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => `X-Junk-${i}: ${'x'.repeat(50)}`).join('\r\n');
    const { headers, inquiry } = await parseRawMessage(`${many}\r\nSubject: ${'s'.repeat(5000)}\r\n\r\nbody`);
    expect(headers.length).toBeLessThanOrEqual(1000);
    expect(inquiry.from.email).toBe('');
    expect(inquiry.subject.length).toBe(2000);
  });
});

describe('parseHeaderBlock', () => {
  it('reads a header block alone and ignores anything after the blank line', async () => {
    const headers = await parseHeaderBlock(
      'Received: from a ([8.8.8.8]) by b; d\r\nX-Originating-IP: [41.190.3.20]\r\n\r\nReceived: not a header',
    );
    expect(headers.map((h) => h.name)).toEqual(['received', 'x-originating-ip']);
  });
});

describe('htmlToText and ownText', () => {
  it('drops styles, comments and scripts, decodes entities and keeps line breaks', () => {
    expect(htmlToText('<style>p{}</style><!-- x --><div>A&lt;B</div><div>&#20320;&#x597D;</div>')).toBe(
      'A<B\n\n你好',
    );
  });

  it('cuts the quoted history (English and Chinese clients)', () => {
    expect(ownText('Thanks!\n\nOn Tue, 1 Apr 2025 at 09:00, Lily <l@x.com> wrote:\n> quoted')).toBe(
      'Thanks!\n',
    );
    expect(ownText('好的\n------------------ 原始邮件 ------------------\n发件人: Lily')).toBe('好的');
    expect(ownText('ok\n> old line\nnew line')).toBe('ok\nnew line');
  });

  it('cuts the quoted history under the headers of the eight languages’ clients', () => {
    const cases = [
      'El lun, 30 nov 2026 a las 10:12, Lily Wang (<lily@x.com>) escribió:',
      'Em seg., 30 de nov. de 2026 às 11:05, Lily Wang <lily@x.com> escreveu:',
      'Le ven. 27 nov. 2026 à 10:05, Lily Wang <lily@x.com> a écrit :',
      'Am 27.11.2026 um 09:15 schrieb Lily Wang <lily@x.com>:',
      '30.11.2026 11:05, Lily Wang пишет:',
      'Чт, 3 дек. 2026 г. в 10:40, Lily Wang <lily@x.com>:',
      'في الإثنين، 30 نوفمبر 2026 10:30، كتب Lily Wang <lily@x.com>:',
      '在 2026年11月28日 星期六 09:40，Lily Wang 写道：',
      '-----Mensaje original-----',
      '-----Ursprüngliche Nachricht-----',
      "-----Message d'origine-----",
    ];
    for (const header of cases)
      expect(ownText(`Mine.\n\n${header}\n> Dear Anna, free samples.\nFree samples are ready.`)).toBe(
        'Mine.\n',
      );
    // Outlook: a From line in the sender's language with Sent / To below it.
    for (const [from, sent] of [
      ['From: Lily Wang', 'Sent: Monday, November 30, 2026 4:02 PM'],
      ['De: Raúl Pineda', 'Enviado: martes, 24 de noviembre de 2026 9:30'],
      ['Von: Lily Wang <lily@x.com>', 'Gesendet: Montag, 30. November 2026 10:02'],
      ['De : Lily Wang', 'Envoyé : lundi 30 novembre 2026 09:45'],
      ['От: Lily Wang', 'Отправлено: 30 ноября 2026 г. 10:20'],
    ])
      expect(ownText(`Mine.\n${from}\n${sent}\nSubject: offer\nOur samples ship in 3 days.`)).toBe('Mine.');
    // Gmail wraps a long attribution over two lines.
    expect(ownText('Mine.\nOn Tue, 1 Dec 2026 at 09:14, Lily Wang <\nlily@x.com> wrote:\nquoted')).toBe(
      'Mine.',
    );
  });

  it('keeps the sender’s own lines that only look like a header', () => {
    const own =
      'De: nuestra parte, todo bien.\nWe wrote: the PO number is 4471.\nLily wrote to us on Monday.';
    expect(ownText(own)).toBe(own);
  });
});

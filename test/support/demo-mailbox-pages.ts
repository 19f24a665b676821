import {
  DEMO_ACCOUNT,
  DEMO_IK,
  DEMO_RAW_ANCHOR,
  DEMO_THREADS,
  type DemoMessage,
  type DemoParty,
  type DemoThread,
} from '../../lib/demo/mailbox';

// Renders the demo mailbox into the Gmail fixture files: the page's data block and
// the raw source of every message. Pure string functions; the writer is
// test/fixtures/gmail/generate.ts, and mailbox.test.ts checks the files are current.

/** Gmail's decimal id (msg-f:/thread-f:) for a legacy hex id. */
export function decimalId(hex: string): string {
  return BigInt('0x' + hex).toString(10);
}

/** What the demo page's script renders: threads newest first, with both id forms. */
export function demoPageData() {
  return {
    account: DEMO_ACCOUNT,
    threads: DEMO_THREADS.map((t) => ({
      id: t.id,
      perm: decimalId(t.id),
      subject: t.subject,
      unread: t.unread,
      labels: t.labels ?? [],
      messages: t.messages.map((m) => ({
        id: m.id,
        perm: decimalId(m.id),
        from: m.from,
        to: m.to,
        cc: m.cc ?? [],
        replyTo: m.replyTo ?? [],
        ageMinutes: m.ageMinutes,
        body: m.body,
        quote: m.quote ?? null,
      })),
    })),
  };
}

/** Gmail's inline GLOBALS array: [9] is the account key `ik`, [10] the address. */
export function demoGlobals(): string {
  return JSON.stringify([
    null,
    null,
    3180495742,
    '/mail/u/0',
    null,
    'en',
    null,
    '2026061501',
    null,
    DEMO_IK,
    DEMO_ACCOUNT.email,
    [1, 0],
    '',
    null,
  ]);
}

/** The demo page: the template with its data filled in (script-safe JSON). */
export function renderDemoMailbox(template: string): string {
  const json = JSON.stringify(demoPageData()).replace(/</g, '\\u003c');
  return template.replace('/*DEMO_GLOBALS*/', () => demoGlobals()).replace('/*DEMO_DATA*/', () => json);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date in a given zone, e.g. "Mon, 15 Jun 2026 10:08:00 +0200". */
export function rfcDate(epoch: number, zone: string): string {
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const d = new Date(epoch + offset * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${zone}`
  );
}

function encodedWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const bytes = new TextEncoder().encode(text);
  return `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`;
}

function address(p: DemoParty): string {
  const name = /^[\x20-\x7e]*$/.test(p.name) ? `"${p.name.replace(/"/g, '')}"` : encodedWord(p.name);
  return `${name} <${p.email}>`;
}

/** Stable pseudo-random tokens for SMTP ids, from the message id. */
function token(seed: string, length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  let out = '';
  while (out.length < length) {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}

/** The raw source "Show original" serves for one demo message: plausible headers, plain-text body. */
export function renderRawSource(thread: DemoThread, message: DemoMessage): string {
  const sent = DEMO_RAW_ANCHOR - message.ageMinutes * 60_000;
  const received = sent + 4_000;
  const google = `${rfcDate(received, '-0700')} (PDT)`;
  const lily = DEMO_ACCOUNT.email;
  const fromDomain = message.from.email.split('@')[1] ?? '';
  const o = message.origin;
  const lines: string[] = [];
  if (!o.ip) {
    // Sent by the rep from Gmail on the web: no client hop, an HTTP submission.
    lines.push(
      'MIME-Version: 1.0',
      `Received: by 2002:a05:7010:${token(message.id, 4, '0123456789abcdef')}:b0:3f1:${token(message.id + 'b', 4, '0123456789abcdef')}:5c14 with HTTPREST;`,
      `        ${rfcDate(sent, o.tz)}`,
    );
  } else {
    const mxHost = o.relay?.host ?? o.client;
    const mxIp = o.relay?.ip ?? o.ip;
    const spf = o.spf ?? 'pass';
    lines.push(
      `Delivered-To: ${lily}`,
      `Received: by 2002:a05:7010:4a8e:b0:3f1:2c4d:91e2 with SMTP id ${token(message.id, 6)}csp${token(message.id + 'n', 7, '0123456789')}mdb;`,
      `        ${google}`,
      `X-Received: by 2002:a17:907:7244:b0:a6f:5922:1b37 with SMTP id ${token(message.id + 'x', 8)}.${token(message.id + 'y', 4, '0123456789')}.${token(message.id + 'z', 13, '0123456789')};`,
      `        ${google}`,
      `Return-Path: <${message.from.email}>`,
      `Received: from ${mxHost} (${mxHost}. [${mxIp}])`,
      `        by mx.google.com with ESMTPS id a640c23a62f3a-${token(message.id + 'e', 11)}si${token(message.id + 'f', 9, '0123456789')}.${token(message.id + 'g', 3, '0123456789')}`,
      `        for <${lily}>`,
      '        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);',
      `        ${google}`,
      `Received-SPF: ${spf} (google.com: domain of ${message.from.email} ${spf === 'pass' ? 'designates' : 'does not designate'} ${mxIp} as permitted sender) client-ip=${mxIp};`,
      'Authentication-Results: mx.google.com;',
      spf === 'pass'
        ? `       dkim=pass header.i=@${fromDomain} header.s=mail header.b=${token(message.id + 'd', 8)};`
        : '       dkim=none;',
      `       spf=${spf} (google.com: domain of ${message.from.email} ${spf === 'pass' ? 'designates' : 'does not designate'} ${mxIp} as permitted sender) smtp.mailfrom=${message.from.email};`,
      `       dmarc=${spf === 'pass' ? 'pass' : 'fail'} (p=NONE sp=NONE dis=NONE) header.from=${fromDomain}`,
    );
    if (o.relay) {
      lines.push(
        `Received: from ${o.client} ([${o.ip}])`,
        `        by ${o.relay.host} with ESMTPSA id ${token(message.id + 'r', 12)}`,
        `        for <${lily}>`,
        `        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);`,
        `        ${rfcDate(sent + 1_000, o.tz)}`,
      );
    }
    if (o.xOriginatingIp) lines.push(`X-Originating-IP: [${o.ip}]`);
    lines.push('MIME-Version: 1.0');
  }
  const subject =
    message === thread.messages[0] ? thread.subject : `Re: ${thread.subject.replace(/^Re:\s*/i, '')}`;
  lines.push(
    `Date: ${rfcDate(sent, o.tz)}`,
    `Message-ID: ${message.messageIdHeader}`,
    `From: ${address(message.from)}`,
  );
  if (message.replyTo?.length) lines.push(`Reply-To: ${message.replyTo.map(address).join(', ')}`);
  lines.push(`To: ${message.to.map(address).join(', ')}`);
  if (message.cc?.length) lines.push(`Cc: ${message.cc.map(address).join(', ')}`);
  lines.push(
    `Subject: ${encodedWord(subject)}`,
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    message.body,
    '',
  );
  return lines.join('\n');
}

/** Every raw source file, by file name under test/fixtures/gmail/raw/. */
export function demoRawSources(): Map<string, string> {
  return new Map(
    DEMO_THREADS.flatMap((t) => t.messages.map((m) => [`${m.id}.eml`, renderRawSource(t, m)] as const)),
  );
}

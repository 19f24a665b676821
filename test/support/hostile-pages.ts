// Hostile webmail pages of the shapes issue 16 measured: a 240 KB (or 1 MB) Gmail body, an Outlook
// conversation of 3,000 collapsed messages, a 40,000-character subject, a 40,000-character sender
// name, a body nested 20,000 levels deep. Each is a whole page in the webmail's own markup, served
// at the webmail's address by the tests and the readers' benchmark.

export interface HostilePage {
  id: string;
  webmail: 'gmail' | 'outlook';
  url: string;
  html: string;
}

const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/19762c81f6d4e3a2';
const OUTLOOK_URL =
  'https://outlook.office.com/mail/inbox/id/AAQkAGQ2ZmFiMjU0LTNhMjEtNGE5Zi1hYjc1LTVmNjkyYzQxYjE0ZAAQAMw3bq1c8x1Eu0nJpV9kG2E%3D';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** A Gmail conversation page of one message; `id` is its thread's and message's legacy hex id. */
export function gmailPage(o: {
  subject?: string;
  name?: string;
  email?: string;
  body?: string;
  title?: string;
  id?: string;
}): string {
  const id = o.id ?? '19762c81f6d4e3a2';
  const subject = o.subject ?? 'Inquiry: LED panels';
  const name = o.name ?? 'Ingrid Berg';
  const email = o.email ?? 'ingrid.berg@nordlys-belysning.no';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(o.title ?? `${subject} - lily.chen@brightway-lighting.com - Gmail`)}</title></head><body>
<div role="main"><h2 class="hP" data-legacy-thread-id="${id}">${escape(subject)}</h2>
<div role="list"><div role="listitem" aria-expanded="true"><div data-legacy-message-id="${id}">
<h3><span class="gD" email="${escape(email)}" name="${escape(name)}">${escape(name)}</span></h3>
<span class="g3" title="Sun, Jun 14, 2026, 3:00 PM">Jun 14</span>
<div class="ii gt"><div class="a3s">${o.body ?? 'Hello,<br>please quote 3,500 panels.'}</div></div>
</div></div></div></div></body></html>`;
}

function outlookPage(o: { subject?: string; from?: string; collapsed?: number; body?: string }): string {
  const collapsed = Array.from(
    { length: o.collapsed ?? 0 },
    (_, i) =>
      `<div role="button" aria-expanded="false"><span title="buyer${i}@example-${i % 50}.com">Buyer ${i}</span><div data-testid="SentReceivedSavedTime">Mon 15/06/2026 09:${String(i % 60).padStart(2, '0')}</div></div>`,
  ).join('');
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Mail - Outlook</title></head><body>
<div role="main" aria-label="Reading Pane"><div role="heading" aria-level="2" id="CONV_Q_SUBJECT">${escape(o.subject ?? 'Complaint: flickering')}</div>
<div aria-label="Email message"><span id="MSG_Q1_FROM" aria-label="${escape(o.from ?? 'From: Megan Ross <megan.ross@oakridge-electrical.com>')}"></span>
<div data-testid="SentReceivedSavedTime">Tue 16/06/2026 14:20</div>
<div id="UniqueMessageBody_1" role="document" aria-label="Message body">${o.body ?? '<div>Hi Lily, the panels flicker.</div>'}</div></div>
${collapsed}</div></body></html>`;
}

/** A body of about `bytes` characters: short paragraphs with line breaks, the text a long email has. */
function longBody(bytes: number): string {
  const line =
    'Item 42: LED panel 600x600 40W 4000K UGR&lt;19, 1,200 pcs, FOB Ningbo, lead time 25 days.<br>';
  return `<div dir="ltr">${line.repeat(Math.ceil(bytes / line.length))}</div>`;
}

export function hostilePages(): HostilePage[] {
  const longName = 'Procurement '.repeat(3334).slice(0, 40_000);
  return [
    {
      id: 'gmail-body-240kb',
      webmail: 'gmail',
      url: GMAIL_URL,
      html: gmailPage({ body: longBody(240_000) }),
    },
    {
      id: 'gmail-body-1mb',
      webmail: 'gmail',
      url: GMAIL_URL,
      html: gmailPage({ body: longBody(1_000_000) }),
    },
    {
      id: 'gmail-body-one-line-240kb',
      webmail: 'gmail',
      url: GMAIL_URL,
      html: gmailPage({ body: `<pre>${' \t'.repeat(120_000)}x</pre>` }),
    },
    {
      id: 'gmail-body-nested-20000',
      webmail: 'gmail',
      url: GMAIL_URL,
      html: gmailPage({ body: `${'<div>'.repeat(20_000)}deep text${'</div>'.repeat(20_000)}` }),
    },
    {
      id: 'gmail-subject-40000',
      webmail: 'gmail',
      url: GMAIL_URL,
      html: gmailPage({ subject: 'Re: '.repeat(10_000) }),
    },
    {
      id: 'gmail-title-40000',
      webmail: 'gmail',
      url: GMAIL_URL,
      html: gmailPage({ title: `${'a'.repeat(40_000)} - Gmail` }),
    },
    { id: 'gmail-sender-name-40000', webmail: 'gmail', url: GMAIL_URL, html: gmailPage({ name: longName }) },
    {
      id: 'outlook-collapsed-3000',
      webmail: 'outlook',
      url: OUTLOOK_URL,
      html: outlookPage({ collapsed: 3000 }),
    },
    {
      id: 'outlook-subject-40000',
      webmail: 'outlook',
      url: OUTLOOK_URL,
      html: outlookPage({ subject: 'x'.repeat(40_000) }),
    },
    {
      id: 'outlook-sender-name-40000',
      webmail: 'outlook',
      url: OUTLOOK_URL,
      html: outlookPage({ from: `From: ${longName} <megan.ross@oakridge-electrical.com>` }),
    },
    {
      id: 'outlook-sender-no-at-40000',
      webmail: 'outlook',
      url: OUTLOOK_URL,
      html: outlookPage({ from: `From: ${'a'.repeat(40_000)}` }),
    },
    {
      id: 'outlook-body-240kb',
      webmail: 'outlook',
      url: OUTLOOK_URL,
      html: outlookPage({ body: longBody(240_000) }),
    },
  ];
}

import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailInquirySchema, type EmailInquiryInput, type PageStateInput } from '../email';
import { EMAIL_LIMITS } from '../email-limits';
import { hostilePages } from '../../test/support/hostile-pages';
import { readGmail } from './gmail';
import { MESSAGE_BUDGET, readOutlook } from './outlook';

// Issue 16, the readers' side: a hostile page is read within a budget (characters read, messages
// walked), every field cut to the limits the background checks, and the reader says what it cut,
// so the background never drops the update and the panel never keeps the previous card. How long
// each read takes is measured by scripts/bench-readers.ts, not asserted here.

const windows: Window[] = [];
afterEach(async () => {
  await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
});

const pages = new Map(hostilePages().map((p) => [p.id, p]));

function read(id: string): EmailInquiryInput {
  const page = pages.get(id)!;
  const window = new Window({ url: page.url, settings: { disableJavaScriptEvaluation: true } });
  windows.push(window);
  window.document.write(page.html);
  const doc = window.document as unknown as Document;
  const loc = window.location as unknown as Location;
  const state: PageStateInput = page.webmail === 'gmail' ? readGmail(doc, loc) : readOutlook(doc, loc);
  if (state.kind !== 'inquiry') throw new Error(`${id}: ${JSON.stringify(state)}`);
  // What the background checks passes: the update is shown, never dropped.
  expect(EmailInquirySchema.safeParse(state.inquiry).success, id).toBe(true);
  return state.inquiry;
}

describe('hostile pages', () => {
  // A 1 MB body and a body nested 20,000 levels deep are read by scripts/bench-readers.ts in
  // Chromium: the test DOM (happy-dom) takes seconds to parse the first and recurses on the second.
  it('cuts a 240 KB Gmail body to the kept limit and says so (read stops at its budget)', () => {
    const inquiry = read('gmail-body-240kb');
    expect(inquiry.bodyText?.length).toBe(EMAIL_LIMITS.body);
    expect(inquiry.bodyText).toMatch(/^Item 42: LED panel/);
    expect(inquiry.cut).toEqual(['body']);
  });

  it('reads a body of one 240 KB line of spaces and tabs, and says it cut it', () => {
    expect(read('gmail-body-one-line-240kb').cut).toEqual(['body']);
  });

  it('cuts a 40,000-character subject, in Gmail and Outlook', () => {
    for (const id of ['gmail-subject-40000', 'outlook-subject-40000']) {
      const inquiry = read(id);
      expect(inquiry.subject?.length, id).toBe(EMAIL_LIMITS.subject);
      expect(inquiry.cut, id).toEqual(['subject']);
    }
  });

  it('finds the account in a 40,000-character tab title, and reads the message', () => {
    const inquiry = read('gmail-title-40000');
    expect(inquiry.account).toBe('');
    expect(inquiry.subject).toBe('Inquiry: LED panels');
  });

  it('cuts a 40,000-character sender name and keeps the address, in Gmail and Outlook', () => {
    expect(read('gmail-sender-name-40000').from.email).toBe('ingrid.berg@nordlys-belysning.no');
    for (const id of ['gmail-sender-name-40000', 'outlook-sender-name-40000']) {
      const inquiry = read(id);
      expect(inquiry.from.name?.length, id).toBe(EMAIL_LIMITS.name);
      expect(inquiry.cut, id).toEqual(['from']);
    }
    expect(read('outlook-sender-name-40000').from.email).toBe('megan.ross@oakridge-electrical.com');
  });

  it('walks at most the budget of a 3,000-message Outlook conversation, keeping its newest', () => {
    const inquiry = read('outlook-collapsed-3000');
    // The budget's collapsed messages (the two ends of the conversation) and the open one.
    expect(inquiry.thread?.length).toBe(MESSAGE_BUDGET + 1);
    expect(MESSAGE_BUDGET).toBeLessThanOrEqual(EMAIL_LIMITS.thread);
    expect(inquiry.cut).toEqual(['thread']);
    expect(inquiry.from.email).toBe('megan.ross@oakridge-electrical.com');
    expect(inquiry.thread?.at(-1)?.from).toBe('megan.ross@oakridge-electrical.com');
  });
});

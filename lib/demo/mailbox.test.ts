import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { gmailFixtureFor } from '../../test/fixtures/gmail/routes';
import { insertReply, rawSourceUrl, readGmail } from '../adapters/gmail';
import { demoRawSources, renderDemoMailbox } from '../../test/support/demo-mailbox-pages';
import { DEMO_ACCOUNT, DEMO_SENDERS, DEMO_THREADS } from './mailbox';

const DIR = path.resolve(__dirname, '../../test/fixtures/gmail');
const NOW = Date.UTC(2026, 5, 15, 9, 0, 0);
const windows: Window[] = [];

afterEach(async () => {
  await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
});

/** The demo mailbox as the harness serves it, with its own script running. */
async function demoPage(hash: string) {
  const url = `https://mail.google.com/mail/u/0/?now=${NOW}${hash}`;
  const served = gmailFixtureFor(url);
  expect(served?.file).toBe(path.join(DIR, 'demo-mailbox.html'));
  const window = new Window({
    url,
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
  windows.push(window);
  window.document.write(readFileSync(served!.file, 'utf8'));
  await window.happyDOM.waitUntilComplete();
  const doc = window.document as unknown as Document;
  const loc = window.location as unknown as Location;
  const go = async (next: string) => {
    window.location.hash = next;
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return { window, doc, loc, go };
}

describe('demo mailbox fixture files', () => {
  it('are what lib/demo/mailbox.ts renders (regenerate with npx tsx test/fixtures/gmail/generate.ts)', () => {
    const template = readFileSync(path.join(DIR, 'demo-mailbox.template.html'), 'utf8');
    expect(readFileSync(path.join(DIR, 'demo-mailbox.html'), 'utf8')).toBe(renderDemoMailbox(template));
    for (const [name, text] of demoRawSources())
      expect(readFileSync(path.join(DIR, 'raw', name), 'utf8')).toBe(text);
  });

  it('hold a dozen inquiries, one in Chinese, with a free-mail sender whose reply-to goes elsewhere', () => {
    expect(DEMO_THREADS.length).toBeGreaterThanOrEqual(12);
    expect(DEMO_THREADS.some((t) => /[\u4e00-\u9fff]/.test(t.subject))).toBe(true);
    const scam = DEMO_THREADS.flatMap((t) => t.messages).find(
      (m) => m.from.email === DEMO_SENDERS.scam.email,
    );
    expect(scam?.replyTo?.[0]?.email).toBe(DEMO_SENDERS.scamReplyTo.email);
    expect(scam?.body).toMatch(/free samples/i);
  });
});

describe('the demo mailbox page, read by the Gmail adapter', () => {
  it('opens on the inbox, which reads as no message', async () => {
    const { doc, loc } = await demoPage('');
    expect(loc.hash).toBe('#inbox');
    expect(doc.querySelectorAll('tr.zA').length).toBe(DEMO_THREADS.length);
    expect(readGmail(doc, loc)).toEqual({ kind: 'none', webmail: 'gmail', account: DEMO_ACCOUNT.email });
  });

  it('switches to every thread by its hash route without reloading, and each reads to its last message', async () => {
    const { doc, loc, go, window } = await demoPage('#inbox');
    const marker = {};
    (window as unknown as Record<string, unknown>).__sameDocument = marker;
    for (const thread of DEMO_THREADS) {
      await go(`#inbox/${thread.id}`);
      const state = readGmail(doc, loc);
      const last = thread.messages[thread.messages.length - 1]!;
      expect(state.kind, thread.subject).toBe('inquiry');
      if (state.kind !== 'inquiry') continue;
      expect(state.inquiry).toMatchObject({
        threadId: thread.id,
        messageId: last.id,
        subject: thread.subject,
        from: { email: last.from.email },
        replyTo: (last.replyTo ?? []).map((p) => ({ email: p.email, name: p.name })),
        cc: (last.cc ?? []).map((p) => ({ email: p.email, name: p.name })),
        date: NOW - last.ageMinutes * 60_000,
        url: `https://mail.google.com/mail/u/0/?now=${NOW}#inbox/${thread.id}`,
      });
      expect(state.inquiry.thread?.map((m) => m.from)).toEqual(thread.messages.map((m) => m.from.email));
      expect(state.inquiry.bodyText).toBe(last.body);
      // "Show original" for the open message is served from raw/<id>.eml, and says who sent it.
      const served = gmailFixtureFor(rawSourceUrl(doc, loc, last.id));
      expect(served?.file).toBe(path.join(DIR, 'raw', `${last.id}.eml`));
      expect(readFileSync(served!.file, 'utf8')).toContain(`<${last.from.email}>`);
      await go('#inbox');
      expect(readGmail(doc, loc).kind).toBe('none');
    }
    expect((window as unknown as Record<string, unknown>).__sameDocument).toBe(marker);
  });

  it('lets the adapter open the reply box and put a draft above the signature', async () => {
    const { doc, go } = await demoPage('#inbox');
    await go(`#inbox/${DEMO_THREADS[2]!.id}`);
    const result = await insertReply(doc, 'Dear Javier,\nthank you for the tender details.');
    expect(result).toEqual({ ok: true });
    const box = doc.querySelector('[role="textbox"]')!;
    expect(box.textContent).toMatch(/^Dear Javier,thank you for the tender details\.-- Lily Chen/);
  });
});

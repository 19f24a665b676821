// @vitest-environment happy-dom
import OpenAI from 'openai';
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLlmServer, type LlmServer, type LlmServerOptions } from '@/test/llm-server/server';
import { createI18n } from '@/lib/i18n';
import type { Card } from '@/lib/enrich/card';
import { demoKnowledge } from '@/lib/knowledge/demo';
import type { ReplyDeps } from '@/lib/replies/engine';
import { handleReplyPort } from '@/lib/replies/port';
import { makeCard } from '@/test/support/cards';
import { portPair } from '@/test/support/port-pair';
import { cleanup, render as mount, waitFor, type Rendered } from '@/test/support/render';
import { INSERT_FAILURES, RepliesView, type InsertOutcome } from './RepliesView';

let view: Rendered;
let shown: { onInsert: (text: string) => Promise<InsertOutcome>; connect: ReturnType<typeof portPair> };
const servers: LlmServer[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const offline: ReplyDeps = { loadSettings: async () => null, loadKnowledge: async () => demoKnowledge(0) };
const priceBody = 'Hello, please quote the 600x600 LED panel light, 1000 pcs.';
const priceCard = makeCard(priceBody, {
  inquiry: { subject: 'Panel light price' },
});

function render(
  card: Card,
  deps: ReplyDeps,
  onInsert: (text: string) => Promise<InsertOutcome> = async () => ({ ok: true }),
  lang: 'en' | 'zh-CN' = 'en',
) {
  const connect = portPair('chrome-extension://abc/sidepanel.html', (port) =>
    handleReplyPort(port, deps, { extensionOrigin: 'chrome-extension://abc/' }),
  );
  shown = { onInsert, connect };
  view = mount(<RepliesView card={card} onInsert={onInsert} connect={connect} />, { lang });
}

/** The same panel shown a newer card of the same email (its origin, risk or value arrived). */
const update = (card: Card) => view.rerender(<RepliesView card={card} {...shown} />);

const all = (id: string) => view.qa(id);
const q = (id: string) => view.q(id);
const type = (el: HTMLTextAreaElement, value: string) => view.type(el, value);

async function server(options: LlmServerOptions) {
  const s = await startLlmServer({ lifetimeMs: 15_000, ...options });
  servers.push(s);
  return {
    ...offline,
    loadSettings: async () => ({ baseURL: s.baseURL, apiKey: 'k', model: 'm' }),
    // The background and the page share one realm here, so the client must be told it may run.
    createClient: (settings) =>
      new OpenAI({
        baseURL: settings.baseURL,
        apiKey: settings.apiKey,
        maxRetries: 0,
        dangerouslyAllowBrowser: true,
      }),
  } satisfies ReplyDeps;
}

describe('RepliesView', () => {
  it('shows template drafts at once with the facts they used, and inserts the edited text only when asked', async () => {
    const onInsert = vi.fn(async (_: string) => ({ ok: true }));
    render(priceCard, offline, onInsert);
    await waitFor(() => all('reply-draft').length === 2);
    expect(all('reply-draft').map((d) => d.dataset.aim)).toEqual(['answer', 'advance']);
    const [first] = all('reply-text') as HTMLTextAreaElement[];
    expect(first!.value).toContain('LED Panel Light 600x600 40W: 1,000 pcs');
    expect(all('reply-fact').map((f) => f.textContent)).toContain(
      'Product: LED Panel Light 600x600 40W (BW-PL6060-40)',
    );
    expect(onInsert).not.toHaveBeenCalled();

    type(first!, 'Dear Anna,\n\nEdited by the rep.');
    act(() => all('insert-draft')[0]!.click());
    await waitFor(() => q('draft-status')?.textContent?.includes('Inserted') ?? false);
    expect(onInsert).toHaveBeenCalledExactlyOnceWith('Dear Anna,\n\nEdited by the rep.');
  });

  it('says why an insert failed in words, never as a code', async () => {
    render(priceCard, offline, async () => ({ ok: false, reason: 'reply-box-closed' }));
    await waitFor(() => all('insert-draft').length > 0);
    act(() => all('insert-draft')[0]!.click());
    await waitFor(
      () =>
        q('draft-status')?.textContent ===
        "Could not insert: the webmail's reply box did not open. Click Reply there, then try again.",
    );
  });

  // The background's codes (lib/background/service.ts insertDraft) and the content script's (lib/adapters/compose.ts).
  const reasons: [string, string][] = [
    ['no-webmail-tab', '没有显示此邮件的 Gmail 或 Outlook 标签页。'],
    ['tab-unreachable', '网页邮箱标签页没有响应'],
    ['bad-reply', '扩展无法读取'],
    ['no-open-message', '没有打开可回复的邮件'],
    ['write-failed', '请复制草稿后手动粘贴'],
    ['Insert failed.', '无法插入草稿，请改用复制。'],
  ];
  it.each(reasons)('in a Chinese panel, explains the insert failure %s in Chinese', async (reason, words) => {
    render(priceCard, offline, async () => ({ ok: false, reason }), 'zh-CN');
    await waitFor(() => all('insert-draft').length > 0);
    act(() => all('insert-draft')[0]!.click());
    await waitFor(() => q('draft-status')?.textContent?.includes(words) ?? false);
    expect(q('draft-status')!.textContent).not.toContain(reason);
  });

  it('has words in both languages for every insert failure it knows', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const i18n = createI18n(language);
      for (const code of INSERT_FAILURES) expect(i18n.exists(`replies.insertError.${code}`), code).toBe(true);
    }
  });

  it('puts the verification request first for a high-risk sender', async () => {
    render(makeCard('Send free samples of the flood light now.', { risk: 'high' }), offline);
    await waitFor(() => all('reply-draft').length === 3);
    expect(all('reply-draft')[0]!.dataset.aim).toBe('verify');
    expect(all('reply-draft')[0]!.textContent).toContain('Ask for verification first');
  });

  describe('when the card changes under the drafts', () => {
    const scam = 'Send free samples of the flood light now.';
    const aims = () => all('reply-draft').map((d) => d.dataset.aim);

    it('rewrites drafts the rep has not touched: a high risk that arrives later puts verification first', async () => {
      render(makeCard(scam, { risk: 'low' }), offline);
      await waitFor(
        () => all('reply-draft').length > 0 && q('replies')!.getAttribute('aria-busy') === 'false',
      );
      expect(aims()[0]).not.toBe('verify');
      update(makeCard(scam, { risk: 'high' }));
      await waitFor(() => aims()[0] === 'verify');
      expect(q('drafts-outdated')).toBeNull();
    });

    it('keeps a draft the rep edited, says what changed, and redraws only when asked', async () => {
      render(makeCard(scam, { risk: 'low' }), offline);
      await waitFor(
        () => all('reply-draft').length > 0 && q('replies')!.getAttribute('aria-busy') === 'false',
      );
      const before = aims();
      type(view.qa<HTMLTextAreaElement>('reply-text')[0]!, 'Dear Anna,\n\nMy own words.');
      update(makeCard(scam, { risk: 'high' }));
      await waitFor(() => q('drafts-outdated') !== null);
      expect(q('drafts-outdated')!.textContent).toContain('rated high risk');
      expect(aims()).toEqual(before);
      expect(view.qa<HTMLTextAreaElement>('reply-text')[0]!.value).toBe('Dear Anna,\n\nMy own words.');

      act(() => q('redraft-outdated')!.click());
      await waitFor(() => aims()[0] === 'verify');
      expect(q('drafts-outdated')).toBeNull();
      expect(view.qa<HTMLTextAreaElement>('reply-text')[0]!.value).not.toContain('My own words.');
    });

    it('keeps a draft the rep only clicked into, names the change in Chinese, and forgets it when the card goes back', async () => {
      const known = { known: true, risk: 'low' as const };
      render(makeCard(priceBody, known), offline, undefined, 'zh-CN');
      await waitFor(
        () => all('reply-draft').length > 0 && q('replies')!.getAttribute('aria-busy') === 'false',
      );
      act(() => view.qa<HTMLTextAreaElement>('reply-text')[0]!.focus());
      const text = view.qa<HTMLTextAreaElement>('reply-text')[0]!.value;
      update(makeCard(priceBody, { ...known, value: { tier: 'vip', stage: 'stable', task: 'retain' } }));
      await waitFor(() => q('drafts-outdated') !== null);
      expect(q('drafts-outdated')!.textContent).toContain('卡片有了变化（客户价值）');
      expect(view.qa<HTMLTextAreaElement>('reply-text')[0]!.value).toBe(text);
      update(makeCard(priceBody, known));
      await waitFor(() => q('drafts-outdated') === null);
      expect(view.qa<HTMLTextAreaElement>('reply-text')[0]!.value).toBe(text);
    });

    it('gives a known customer’s value a moment to arrive before drafting, and drafts once', async () => {
      const loadKnowledge = vi.fn(offline.loadKnowledge);
      render(makeCard(priceBody, { known: true }), { ...offline, loadKnowledge });
      await act(() => new Promise((r) => setTimeout(r, 300)));
      expect(q('replies-loading')).not.toBeNull();
      expect(loadKnowledge).not.toHaveBeenCalled();
      update(makeCard(priceBody, { known: true, value: { tier: 'vip', stage: 'stable', task: 'retain' } }));
      await waitFor(
        () => all('reply-draft').length > 0 && q('replies')!.getAttribute('aria-busy') === 'false',
      );
      expect(loadKnowledge).toHaveBeenCalledTimes(1);
    });

    it('drafts without the value once the moment has passed', async () => {
      render(makeCard(priceBody, { known: true }), offline);
      await waitFor(() => all('reply-draft').length > 0);
      expect(q('drafts-outdated')).toBeNull();
    });

    it('writes new drafts for another email whatever the rep did with the last ones', async () => {
      render(priceCard, offline);
      await waitFor(() => all('reply-draft').length === 2);
      type(view.qa<HTMLTextAreaElement>('reply-text')[0]!, 'Edited for the panel light.');
      update(makeCard(scam, { inquiry: { subject: 'Samples', messageId: 'm-2' } }));
      await waitFor(
        () => !view.qa<HTMLTextAreaElement>('reply-text').some((t) => t.value.includes('Edited')),
      );
      expect(q('drafts-outdated')).toBeNull();
    });
  });

  it('offline, shows the Chinese version of a template draft as its gloss', async () => {
    render(priceCard, offline);
    await waitFor(() => all('gloss-toggle').length === 2);
    act(() => all('gloss-toggle')[0]!.click());
    await waitFor(() => q('draft-gloss') !== null);
    expect(q('draft-gloss')!.textContent).toContain('为了给您准确报价');
    expect(q('draft-gloss')!.textContent).toContain('your edits are not in it');
  });

  it('with a failing endpoint, shows the Chinese version of a fallback draft without asking the endpoint again', async () => {
    const deps = await server({ mode: '429' });
    render(priceCard, deps);
    await waitFor(() => q('reply-error') !== null && all('gloss-toggle').length === 2);
    expect(all('reply-draft').map((d) => d.dataset.source)).toEqual(['template', 'template']);
    const asked = servers[0]!.chatRequests().length;
    act(() => all('gloss-toggle')[0]!.click());
    await waitFor(() => q('draft-gloss') !== null);
    expect(q('draft-gloss')!.textContent).toContain('为了给您准确报价');
    expect(q('draft-gloss')!.textContent).toContain('your edits are not in it');
    expect(q('draft-gloss-unavailable')).toBeNull();
    expect(servers[0]!.chatRequests()).toHaveLength(asked);
  });

  it('marks an AI gloss as stale once the rep edits the draft, and glosses the edited text on request', async () => {
    const deps = await server({
      reply: (r) =>
        r.body!.stream
          ? 'Dear Anna,\n\nThe MOQ is 300 pcs.\n\nBest regards,'
          : r.body!.messages![1]!.content.includes('500 pcs')
            ? '安娜您好，起订量是500台。'
            : '安娜您好，起订量是300台。',
    });
    render(priceCard, deps);
    await waitFor(() => all('gloss-toggle').length === 2 && q('draft-streaming') === null);
    act(() => all('gloss-toggle')[0]!.click());
    await waitFor(() => q('draft-gloss')?.textContent?.includes('300台') ?? false);
    expect(q('draft-gloss-stale')).toBeNull();

    const [first] = all('reply-text') as HTMLTextAreaElement[];
    type(first!, 'Dear Anna,\n\nThe MOQ is 500 pcs.\n\nBest regards,');
    expect(q('draft-gloss')!.dataset.stale).toBe('true');
    expect(q('draft-gloss-stale')!.textContent).toContain('You edited the draft after this gloss');

    act(() => q('gloss-refresh')!.click());
    await waitFor(() => q('draft-gloss')?.textContent?.includes('500台') ?? false);
    expect(q('draft-gloss-stale')).toBeNull();
    expect(servers[0]!.chatRequests().filter((r) => !r.body!.stream)).toHaveLength(2);
  });

  it('streams AI drafts into the view as they arrive', async () => {
    const deps = await server({
      mode: 'slow',
      slowChunkMs: 60,
      chunkChars: 8,
      reply: 'Dear Anna,\n\nThank you. The MOQ is 300 pcs.\n\nBest regards,',
    });
    render(priceCard, deps);
    await waitFor(
      () => q('draft-streaming') !== null && (all('reply-text')[0] as HTMLTextAreaElement).value.length > 0,
    );
    const partial = (all('reply-text')[0] as HTMLTextAreaElement).value;
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(
      'Dear Anna,\n\nThank you. The MOQ is 300 pcs.\n\nBest regards,'.length,
    );
    expect((all('reply-text')[0] as HTMLTextAreaElement).readOnly).toBe(true);
    await waitFor(() => all('reply-draft').length === 2 && q('draft-streaming') === null);
    expect((all('reply-text')[0] as HTMLTextAreaElement).value).toBe(
      'Dear Anna,\n\nThank you. The MOQ is 300 pcs.\n\nBest regards,',
    );
    expect(all('draft-source')[0]!.textContent).toBe('AI draft');
  });

  it('explains a rejected key and falls back to template drafts, in Chinese for a Chinese UI', async () => {
    const deps = await server({ mode: '401' });
    render(priceCard, deps, undefined, 'zh-CN');
    await waitFor(() => q('reply-error') !== null && all('reply-draft').length === 2);
    expect(q('reply-error')!.textContent).toContain('AI 接口拒绝了 API 密钥');
    expect(all('reply-draft').map((d) => d.dataset.source)).toEqual(['template', 'template']);
  });
});

describe('what a draft says it used', () => {
  it("names the customer's tier, stage and task in the rep's words, not as codes", async () => {
    const card = makeCard('Please quote 1000 pcs of the 600x600 panel.', {
      known: true,
      value: { tier: 'vip', stage: 'stable', task: 'retain' },
    });
    render(card, offline, undefined, 'zh-CN');
    await waitFor(() => all('reply-facts').length > 0);
    const facts = all('reply-facts')
      .map((f) => f.textContent ?? '')
      .join('\n');
    expect(facts).toContain('稳定');
    expect(facts).not.toMatch(/\bstable\b|\bretain\b/);
  });
});

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
const servers: LlmServer[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const offline: ReplyDeps = { loadSettings: async () => null, loadKnowledge: async () => demoKnowledge(0) };
const priceCard = makeCard('Hello, please quote the 600x600 LED panel light, 1000 pcs.', {
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
  view = mount(<RepliesView card={card} onInsert={onInsert} connect={connect} />, { lang });
}

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

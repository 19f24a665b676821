import { afterEach, describe, expect, it } from 'vitest';
import { startLlmServer, type LlmServer, type LlmServerOptions } from '../../test/llm-server/server';
import { demoKnowledge } from '../knowledge/demo';
import { runDrafts, runGloss, runTest, type ReplyDeps } from './engine';
import type { ReplyEvent, ReplyEventInput, ReplyRequest } from './messages';
import { ReplyEventSchema } from './messages';
import type { LlmSettings } from './settings';
import { makeCard } from '../../test/support/cards';

// The LLM path against a real OpenAI-compatible server on 127.0.0.1: the openai
// client makes real HTTP requests; nothing is mocked.

const KEY = 'sk-test-123';
const knowledge = demoKnowledge(0);
const servers: LlmServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: LlmServerOptions = {}) {
  const s = await startLlmServer({ apiKey: KEY, lifetimeMs: 15_000, ...options });
  servers.push(s);
  return s;
}

function deps(
  settings: LlmSettings | null,
  timeouts = { firstTokenMs: 2000, idleMs: 2000, totalMs: 5000 },
): ReplyDeps {
  return { loadSettings: async () => settings, loadKnowledge: async () => knowledge, timeouts };
}

const settingsFor = (s: LlmServer, apiKey = KEY): LlmSettings => ({
  baseURL: s.baseURL,
  apiKey,
  model: 'test-model',
});

async function collect(run: (emit: (e: ReplyEventInput) => void) => Promise<void>): Promise<ReplyEvent[]> {
  const events: ReplyEvent[] = [];
  await run((event) => events.push(ReplyEventSchema.parse(event)));
  return events;
}

const priceInquiry = makeCard(
  'Hello,\nPlease quote your 600x600 LED panel light 40W, 2000 pcs CIF Hamburg. Is it UL certified?\nAnna',
  { inquiry: { subject: 'Panel lights price' } },
);
const draftsRequest = (card = priceInquiry, extra: Partial<ReplyRequest> = {}) =>
  ({ type: 'drafts', card, ...extra }) as Extract<ReplyRequest, { type: 'drafts' }>;

const doneDrafts = (events: ReplyEvent[]) =>
  events.flatMap((e) => (e.type === 'draft-done' ? [e.draft] : e.type === 'error' ? e.fallback : []));

describe('LLM drafts against an OpenAI-compatible server', () => {
  it('streams each draft in pieces and records the knowledge facts the model cited', async () => {
    const s = await server({
      reply: 'Dear Anna,\n\nThe BW-PL6060-40 has UL and a MOQ of 300 pcs.\n\nBest regards,',
      usedFacts: ['K1', 'K99'],
    });
    const events = await collect((emit) => runDrafts(draftsRequest(), deps(settingsFor(s)), emit));

    const deltas = events.filter((e) => e.type === 'delta' && e.draftId === 'answer');
    expect(deltas.length).toBeGreaterThan(3);
    const streamed = deltas.map((e) => (e.type === 'delta' ? e.text : '')).join('');
    const drafts = doneDrafts(events);
    expect(drafts.map((d) => d.aim)).toEqual(['answer', 'advance']);
    expect(drafts[0]!.text).toBe(
      'Dear Anna,\n\nThe BW-PL6060-40 has UL and a MOQ of 300 pcs.\n\nBest regards,',
    );
    expect(streamed.trim()).toBe(drafts[0]!.text);
    expect(drafts[0]!.source).toBe('llm');
    // K1 is the panel light; the unknown K99 is dropped rather than trusted.
    expect(drafts[0]!.facts).toEqual([
      {
        source: 'knowledge',
        id: 'demo-product-panel-40w',
        kind: 'product',
        title: expect.stringContaining('Panel'),
      },
    ]);
    expect(events.at(-1)).toEqual({ type: 'done' });

    const [first] = s.chatRequests();
    expect(first!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(first!.body!.stream).toBe(true);
    expect(first!.body!.response_format?.type).toBe('json_schema');
    const user = first!.body!.messages![1]!.content;
    expect(user).toContain('moq: 300 pcs');
    expect(user).toContain('LED Panel Light 600x600 40W');
  });

  it('asks for the reply in the inquiry language, or in the language the rep picked', async () => {
    const s = await server();
    const chinese = makeCard('你好，请报价太阳能路灯60W，数量500台。', { language: 'zh-CN' });
    await collect((emit) => runDrafts(draftsRequest(chinese, { aim: 'answer' }), deps(settingsFor(s)), emit));
    await collect((emit) =>
      runDrafts(draftsRequest(priceInquiry, { aim: 'answer', language: 'es' }), deps(settingsFor(s)), emit),
    );
    const [zh, es] = s.chatRequests();
    expect(zh!.body!.messages![0]!.content).toContain('Write in Simplified Chinese');
    expect(es!.body!.messages![0]!.content).toContain('Write in Spanish');
  });

  it('falls back to plain streamed text when the server rejects structured output', async () => {
    const s = await server({
      mode: 'no-structured',
      reply: 'Dear Anna,\n\nPlain text works too.\n\nBest regards,',
    });
    const events = await collect((emit) => runDrafts(draftsRequest(), deps(settingsFor(s)), emit));
    const drafts = doneDrafts(events);
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(drafts[0]).toMatchObject({
      source: 'llm',
      text: 'Dear Anna,\n\nPlain text works too.\n\nBest regards,',
    });
    const requests = s.chatRequests();
    expect(requests[0]!.body!.response_format).toBeDefined();
    expect(requests[1]!.body!.response_format).toBeUndefined();
    expect(requests[1]!.body!.messages![0]!.content).toContain('reply email text only');
  });

  it('accepts a server that ignores response_format and streams plain text', async () => {
    const s = await server({
      mode: 'plain',
      reply: 'Hello Anna, the panel light MOQ is 300 pcs. Best regards,',
    });
    const events = await collect((emit) =>
      runDrafts(draftsRequest(priceInquiry, { aim: 'answer' }), deps(settingsFor(s)), emit),
    );
    expect(doneDrafts(events)[0]!.text).toBe('Hello Anna, the panel light MOQ is 300 pcs. Best regards,');
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(2);
  });

  it('keeps a slow server streaming as long as chunks keep coming', async () => {
    // About a dozen chunks 100 ms apart: the whole answer takes longer than the wait for its start.
    const s = await server({ mode: 'slow', slowChunkMs: 100, chunkChars: 10 });
    const events = await collect((emit) =>
      runDrafts(
        draftsRequest(priceInquiry, { aim: 'answer' }),
        deps(settingsFor(s), { firstTokenMs: 500, idleMs: 400, totalMs: 8000 }),
        emit,
      ),
    );
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(doneDrafts(events)[0]!.source).toBe('llm');
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(5);
  });

  const failures: [string, LlmServerOptions['mode'], string][] = [
    ['a wrong key (401)', '401', 'auth'],
    ['rate limiting (429)', '429', 'rate-limit'],
    ['a server error (500)', '500', 'server'],
    ['a reply that is not the promised JSON', 'malformed', 'malformed'],
    ['a stream that is not JSON at all', 'bad-sse', 'malformed'],
    ['a server that never answers', 'hang', 'timeout'],
    ['a stream that stops mid-way', 'hang-after-start', 'timeout'],
  ];
  it.each(failures)('explains %s and falls back to template drafts', async (_, mode, code) => {
    const s = await server({ mode });
    const events = await collect((emit) =>
      runDrafts(
        draftsRequest(),
        deps(settingsFor(s), { firstTokenMs: 400, idleMs: 300, totalMs: 2000 }),
        emit,
      ),
    );
    const error = events.find((e) => e.type === 'error');
    expect(error).toMatchObject({ type: 'error', code });
    const fallback = error?.type === 'error' ? error.fallback : [];
    expect(fallback.map((d) => d.aim)).toEqual(['answer', 'advance']);
    expect(fallback[0]!.source).toBe('template');
    expect(fallback[0]!.text).toMatch(/^Dear Anna,/);
    expect(fallback[0]!.text).toContain('LED Panel Light 600x600 40W: 2,000 pcs');
    expect(events.at(-1)).toEqual({ type: 'done' });
  });

  it('says the network is down when nothing listens at the address', async () => {
    const s = await server();
    const settings = settingsFor(s);
    await s.close();
    const events = await collect((emit) => runDrafts(draftsRequest(), deps(settings), emit));
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'network' });
    expect(doneDrafts(events).every((d) => d.source === 'template')).toBe(true);
  });

  it('keeps drafts the server finished when a later one fails', async () => {
    const s = await server();
    const events: ReplyEvent[] = [];
    await runDrafts(draftsRequest(), deps(settingsFor(s)), (event) => {
      const parsed = ReplyEventSchema.parse(event);
      events.push(parsed);
      if (parsed.type === 'draft-done') s.mode = '429';
    });
    const llm = events.filter((e) => e.type === 'draft-done');
    const error = events.find((e) => e.type === 'error');
    expect(llm.map((e) => (e.type === 'draft-done' ? e.draft.aim : ''))).toEqual(['answer']);
    expect(error).toMatchObject({
      code: 'rate-limit',
      fallback: [expect.objectContaining({ aim: 'advance' })],
    });
  });

  it('stops the stream when the panel cancels', async () => {
    const s = await server({ mode: 'slow', slowChunkMs: 100, chunkChars: 5 });
    const controller = new AbortController();
    const events: ReplyEvent[] = [];
    const run = runDrafts(
      draftsRequest(),
      deps(settingsFor(s)),
      (e) => {
        events.push(ReplyEventSchema.parse(e));
        if (e.type === 'delta') controller.abort();
      },
      controller.signal,
    );
    await run;
    expect(events.some((e) => e.type === 'draft-done' || e.type === 'error')).toBe(false);
    expect(s.chatRequests()).toHaveLength(1);
  });
});

describe('LLM gloss and connection test', () => {
  it('glosses a draft into Chinese through the endpoint', async () => {
    const s = await server({ reply: '安娜，您好！起订量为300台。' });
    const events = await collect((emit) =>
      runGloss('Dear Anna, the MOQ is 300 pcs.', deps(settingsFor(s)), emit),
    );
    expect(events).toEqual([{ type: 'gloss', text: '安娜，您好！起订量为300台。' }]);
    const request = s.chatRequests()[0]!;
    expect(request.body!.stream).toBeFalsy();
    expect(request.body!.messages![1]!.content).toContain('Dear Anna, the MOQ is 300 pcs.');
  });

  it('says a gloss needs an endpoint when none is set', async () => {
    const events = await collect((emit) => runGloss('Dear Anna', deps(null), emit));
    expect(events).toEqual([{ type: 'gloss-error', code: 'not-configured' }]);
  });

  it('reports a working endpoint, and a wrong key as such', async () => {
    const s = await server();
    const ok = await collect((emit) => runTest(settingsFor(s), deps(null), emit));
    expect(ok[0]).toMatchObject({ type: 'test-result', ok: true, model: 'test-model' });
    const bad = await collect((emit) => runTest(settingsFor(s, 'sk-wrong'), deps(null), emit));
    expect(bad[0]).toMatchObject({ type: 'test-result', ok: false, code: 'auth' });
    const none = await collect((emit) => runTest(undefined, deps(null), emit));
    expect(none[0]).toMatchObject({ ok: false, code: 'not-configured' });
  });

  const oneShotFailures: [string, LlmServerOptions['mode'], string][] = [
    ['a wrong key (401)', '401', 'auth'],
    ['rate limiting (429)', '429', 'rate-limit'],
    ['a server error (500)', '500', 'server'],
    ['an empty answer', 'malformed', 'malformed'],
    ['an answer that is not JSON', 'bad-sse', 'malformed'],
    ['a server that never answers', 'hang', 'timeout'],
    ['an answer that stops half-way', 'hang-after-start', 'timeout'],
  ];
  const quick = { firstTokenMs: 400, idleMs: 300, totalMs: 1500 };

  it.each(oneShotFailures)('says a gloss failed on %s, and why', async (_, mode, code) => {
    const s = await server({ mode });
    const events = await collect((emit) =>
      runGloss('Dear Anna, the MOQ is 300 pcs.', deps(settingsFor(s), quick), emit),
    );
    expect(events).toEqual([{ type: 'gloss-error', code }]);
    expect(s.chatRequests()).toHaveLength(1);
  });

  it.each(oneShotFailures)('says the connection test failed on %s, and why', async (_, mode, code) => {
    const s = await server({ mode });
    const events = await collect((emit) => runTest(settingsFor(s), deps(null, quick), emit));
    expect(events).toEqual([{ type: 'test-result', ok: false, code }]);
    expect(s.chatRequests()).toHaveLength(1);
  });

  it('waits for a slow gloss as long as for a whole draft, since nothing arrives before it is done', async () => {
    const s = await server({ mode: 'slow', slowChunkMs: 700, reply: '起订量为300台。' });
    const gloss = await collect((emit) => runGloss('The MOQ is 300 pcs.', deps(settingsFor(s), quick), emit));
    expect(gloss).toEqual([{ type: 'gloss', text: '起订量为300台。' }]);
    // The connection test asks for five tokens: an endpoint that slow to start is reported as timing out.
    const test = await collect((emit) => runTest(settingsFor(s), deps(null, quick), emit));
    expect(test).toEqual([{ type: 'test-result', ok: false, code: 'timeout' }]);
  });
});

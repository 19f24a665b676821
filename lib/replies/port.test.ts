import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startLlmServer, type LlmServer } from '../../test/llm-server/server';
import { demoKnowledge } from '../knowledge/demo';
import { askReplies, openReplyRequest, type ConnectReplies } from './client';
import { portPair } from '../../test/support/port-pair';
import type { ReplyDeps } from './engine';
import type { ReplyEvent } from './messages';
import { handleReplyPort } from './port';
import { llmSettingsItem, loadLlmSettings, loadLlmSettingsForForm, saveLlmSettings } from './settings';
import { makeCard } from '../../test/support/cards';

// The panel and the background talk over a runtime Port; here the two ends are
// joined in memory (test/support/port-pair.ts), with the sender a test chooses.

const EXTENSION = 'chrome-extension://abc/';

const servers: LlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const offline: ReplyDeps = { loadSettings: async () => null, loadKnowledge: async () => demoKnowledge(0) };
const options = { extensionOrigin: EXTENSION, extensionId: 'abc' };

function drafts(connect: ConnectReplies) {
  return new Promise<{ events: ReplyEvent[]; finished: boolean }>((resolve) => {
    const events: ReplyEvent[] = [];
    openReplyRequest(
      connect,
      { type: 'drafts', card: makeCard('Price for BW-HB150 please') },
      (e) => events.push(e),
      (finished) => resolve({ events, finished }),
    );
  });
}

describe('the replies port', () => {
  it('answers an extension page with template drafts and closes when done', async () => {
    const { events, finished } = await drafts(
      portPair(`${EXTENSION}sidepanel.html`, (p) => handleReplyPort(p, offline, options)),
    );
    expect(finished).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['draft-done', 'draft-done', 'done']);
    expect(events[0]).toMatchObject({ draft: { source: 'template', aim: 'answer' } });
  });

  it('refuses a content script: a webmail page never reaches the engine', async () => {
    const { events, finished } = await drafts(
      portPair('https://mail.google.com/mail/u/0/', (p) => handleReplyPort(p, offline, options)),
    );
    expect(events).toEqual([]);
    expect(finished).toBe(false);
  });

  it('answers a malformed request with an error instead of silence', async () => {
    const connect = portPair(`${EXTENSION}sidepanel.html`, (p) => handleReplyPort(p, offline, options));
    const events: ReplyEvent[] = [];
    await new Promise<void>((resolve) => {
      openReplyRequest(
        connect,
        { type: 'drafts', card: { nonsense: true } } as never,
        (e) => events.push(e),
        () => resolve(),
      );
    });
    expect(events).toEqual([{ type: 'error', code: 'invalid-request', fallback: [] }, { type: 'done' }]);
  });

  it('glosses and tests the connection through the same port', async () => {
    const s = await startLlmServer({ reply: '这是译文', lifetimeMs: 10_000 });
    servers.push(s);
    const online: ReplyDeps = {
      ...offline,
      loadSettings: async () => ({ baseURL: s.baseURL, apiKey: '', model: 'm' }),
    };
    const connect = portPair(`${EXTENSION}sidepanel.html`, (p) => handleReplyPort(p, online, options));
    expect(await askReplies(connect, { type: 'gloss', text: 'Hello' })).toEqual({
      type: 'gloss',
      text: '这是译文',
    });
    expect(await askReplies(connect, { type: 'test' })).toMatchObject({ type: 'test-result', ok: true });
    const offlineConnect = portPair(`${EXTENSION}options.html`, (p) => handleReplyPort(p, offline, options));
    expect(await askReplies(offlineConnect, { type: 'gloss', text: 'Hello' })).toEqual({
      type: 'gloss-error',
      code: 'not-configured',
    });
  });

  it('resolves a question even when the background hangs up without answering', async () => {
    const connect = portPair('https://evil.example/', (p) => handleReplyPort(p, offline, options));
    expect(await askReplies(connect, { type: 'test' })).toEqual({
      type: 'test-result',
      ok: false,
      code: 'network',
    });
  });
});

describe('LLM settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('stores the endpoint in extension-local storage only, validated', async () => {
    expect(await loadLlmSettings()).toBeNull();
    const bad = await saveLlmSettings({ baseURL: 'ftp://x', apiKey: '', model: '' });
    expect(bad).toMatchObject({
      ok: false,
      issues: { baseURL: 'invalid-url', model: 'model-required' },
    });
    expect(
      await saveLlmSettings({ baseURL: `https://${'a'.repeat(2000)}.com`, apiKey: '', model: 'm' }),
    ).toEqual({
      ok: false,
      issues: { baseURL: 'too-long' },
    });
    const good = await saveLlmSettings({
      baseURL: 'http://127.0.0.1:11434/v1/',
      apiKey: 'sk-1',
      model: 'qwen2.5',
    });
    expect(good).toEqual({
      ok: true,
      settings: { baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'sk-1', model: 'qwen2.5' },
    });
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toContain('replies.llmSettings');
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('keeps the saved key when the form leaves it blank, and never hands it to the form', async () => {
    await saveLlmSettings({ baseURL: 'https://api.example.com/v1', apiKey: 'sk-secret', model: 'a' });
    await saveLlmSettings({ baseURL: 'https://api.example.com/v1', apiKey: '', model: 'b' });
    expect(await loadLlmSettings()).toMatchObject({ apiKey: 'sk-secret', model: 'b' });
    const form = await loadLlmSettingsForForm();
    expect(form).toEqual({ baseURL: 'https://api.example.com/v1', model: 'b', hasKey: true });
    expect(JSON.stringify(form)).not.toContain('sk-secret');
  });

  it('treats a stored value that no longer validates as no endpoint', async () => {
    await llmSettingsItem.setValue({ baseURL: 'nope', apiKey: '', model: '' });
    expect(await loadLlmSettings()).toBeNull();
  });
});

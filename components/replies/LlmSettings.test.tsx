// @vitest-environment happy-dom
import OpenAI from 'openai';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startLlmServer, type LlmServer } from '@/test/llm-server/server';
import { handleReplyPort } from '@/lib/replies/port';
import { loadLlmSettings, saveLlmSettings } from '@/lib/replies/settings';
import { portPair } from '@/test/support/port-pair';
import { cleanup, render as mount, waitFor, type Rendered } from '@/test/support/render';
import { LlmSettings, type RequestOrigin } from './LlmSettings';

let view: Rendered;
let host: HTMLElement;
let server: LlmServer;
beforeEach(async () => {
  fakeBrowser.reset();
  server = await startLlmServer({ apiKey: 'sk-good', lifetimeMs: 15_000 });
});
afterEach(async () => {
  cleanup();
  await server.close();
});

function render(requestOrigin: RequestOrigin, lang: 'en' | 'zh-CN' = 'en') {
  const connect = portPair('chrome-extension://abc/options.html', (port) =>
    handleReplyPort(port, {
      loadSettings: loadLlmSettings,
      loadKnowledge: async () => [],
      // Background and page share one realm in this test; the client must be told it may run.
      createClient: (s) =>
        new OpenAI({
          baseURL: s.baseURL,
          apiKey: s.apiKey || 'no-key',
          maxRetries: 0,
          dangerouslyAllowBrowser: true,
        }),
    }),
  );
  view = mount(<LlmSettings connect={connect} requestOrigin={requestOrigin} />, { lang });
  host = view.host;
}

const q = <T extends HTMLElement = HTMLElement>(id: string) => view.q<T>(id);
const type = (id: string, value: string) => view.type(id, value);
const status = () => q('llm-settings-status')?.textContent ?? '';

describe('LlmSettings', () => {
  it('tests the endpoint through the background, asking for its host permission first', async () => {
    const requestOrigin = vi.fn(async () => true);
    render(requestOrigin);
    await waitFor(() => q('llm-base-url') !== null);
    type('llm-base-url', server.baseURL);
    type('llm-api-key', 'sk-wrong');
    type('llm-model', 'test-model');
    act(() => q('llm-test')!.click());
    await waitFor(() => status().startsWith('Connection failed'));
    expect(status()).toContain('refused the API key');
    expect(requestOrigin).toHaveBeenCalledWith('http://127.0.0.1/*');

    type('llm-api-key', 'sk-good');
    act(() => q('llm-test')!.click());
    await waitFor(() => status().startsWith('Connected: test-model'));
  });

  it('saves valid settings, shows field errors for invalid ones, and never shows the saved key', async () => {
    await saveLlmSettings({ baseURL: 'https://api.example.com/v1', apiKey: 'sk-secret', model: 'old' });
    render(async () => true);
    await waitFor(() => q<HTMLInputElement>('llm-model')?.value === 'old');
    expect(q<HTMLInputElement>('llm-api-key')!.value).toBe('');
    expect(host.textContent).not.toContain('sk-secret');
    expect(host.textContent).toContain('A key is saved');

    type('llm-base-url', 'not a url');
    type('llm-model', ' ');
    act(() => q('llm-save')!.click());
    await waitFor(() => q('llm-base-url-error') !== null);
    expect(q('llm-base-url-error')!.textContent).toBe('Enter a web address starting with https://.');
    expect(q('llm-model-error')!.textContent).toBe('Enter a model name.');

    type('llm-base-url', 'https://api.example.com/v1');
    type('llm-model', 'new');
    act(() => q('llm-save')!.click());
    await waitFor(() => status() === 'Saved.');
    expect(await loadLlmSettings()).toEqual({
      baseURL: 'https://api.example.com/v1',
      apiKey: 'sk-secret',
      model: 'new',
    });
  });

  it('refuses an unencrypted endpoint on another computer, and says why', async () => {
    render(async () => true);
    await waitFor(() => q('llm-base-url') !== null);
    type('llm-base-url', 'http://192.168.1.20:11434/v1');
    type('llm-model', 'qwen2.5');
    act(() => q('llm-save')!.click());
    await waitFor(() => q('llm-base-url-error') !== null);
    expect(q('llm-base-url-error')!.textContent).toContain('over plain http:// the key and the emails');
    expect(await loadLlmSettings()).toBeNull();
    expect(server.requests).toHaveLength(0);
  });

  it('says so when the rep refuses the host permission', async () => {
    render(async () => false);
    await waitFor(() => q('llm-base-url') !== null);
    type('llm-base-url', 'https://llm.example.org/v1');
    type('llm-model', 'm');
    act(() => q('llm-test')!.click());
    await waitFor(() => status().includes('https://llm.example.org/* was not granted'));
    expect(server.requests).toHaveLength(0);
  });

  it('names what is wrong with a field in the language the rep chose', async () => {
    render(async () => true, 'zh-CN');
    await waitFor(() => q('llm-base-url') !== null);
    type('llm-base-url', 'ftp://files.example.com');
    act(() => q('llm-save')!.click());
    await waitFor(() => q('llm-base-url-error') !== null);
    expect(q('llm-base-url-error')!.textContent).toBe('请输入以 https:// 开头的网址。');
    expect(q('llm-model-error')!.textContent).toBe('请输入模型名称。');
    expect(await loadLlmSettings()).toBeNull();
  });
});

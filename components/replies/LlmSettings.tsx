import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browser } from 'wxt/browser';
import { askReplies, type ConnectReplies } from '@/lib/replies/client';
import {
  clearLlmSettings,
  endpointOriginPattern,
  loadLlmSettingsForForm,
  saveLlmSettings,
  type LlmSettings as Settings,
  type LlmSettingsIssue,
} from '@/lib/replies/settings';
import { connectReplies } from './connect';

// The options page's form for the optional LLM endpoint. The saved key is never
// read back into the form; the connection test runs in the background.

/** Asks for the endpoint's host permission; must run inside the click. */
export type RequestOrigin = (pattern: string) => Promise<boolean>;

const requestOriginDefault: RequestOrigin = (pattern) => browser.permissions.request({ origins: [pattern] });

type Message = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

export function LlmSettings({
  connect = connectReplies,
  requestOrigin = requestOriginDefault,
}: {
  connect?: ConnectReplies;
  requestOrigin?: RequestOrigin;
}) {
  const { t } = useTranslation();
  const [baseURL, setBaseURL] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [model, setModel] = useState('');
  const [hasKey, setHasKey] = useState(false);
  const [issues, setIssues] = useState<Partial<Record<keyof Settings, LlmSettingsIssue>>>({});
  const [message, setMessage] = useState<Message>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    void loadLlmSettingsForForm().then((saved) => {
      if (saved) {
        setBaseURL(saved.baseURL);
        setModel(saved.model);
        setHasKey(saved.hasKey);
      }
      setLoaded(true);
    });
  }, []);

  /** The background can only call the endpoint with its host permission; asked for in the click. */
  const permit = async (): Promise<boolean> => {
    const pattern = endpointOriginPattern(baseURL.trim());
    if (!pattern) return true; // validation will say what is wrong with the address
    try {
      if (await requestOrigin(pattern)) return true;
    } catch {
      // fall through: treated as not granted
    }
    setMessage({ kind: 'error', text: t('replies.settings.permissionDenied', { origin: pattern }) });
    return false;
  };

  const save = async () => {
    const granted = await permit();
    const result = await saveLlmSettings({ baseURL, apiKey, model });
    if (!result.ok) {
      setIssues(result.issues);
      return;
    }
    setIssues({});
    setApiKey('');
    setHasKey(result.settings.apiKey !== '');
    setBaseURL(result.settings.baseURL);
    if (granted) setMessage({ kind: 'ok', text: t('replies.settings.saved') });
  };

  const test = async () => {
    if (!(await permit())) return;
    setMessage({ kind: 'busy', text: t('replies.settings.testing') });
    const answer = await askReplies(connect, { type: 'test', settings: { baseURL, apiKey, model } });
    if (answer.type === 'test-result' && answer.ok) {
      setMessage({
        kind: 'ok',
        text: t('replies.settings.testOk', { model: answer.model, ms: Math.round(answer.latencyMs ?? 0) }),
      });
    } else {
      const code = answer.type === 'test-result' ? (answer.code ?? 'unknown') : 'unknown';
      setMessage({
        kind: 'error',
        text: t('replies.settings.testFailed', { message: t(`replies.error.${code}`) }),
      });
    }
  };

  const clear = async () => {
    await clearLlmSettings();
    setBaseURL('');
    setApiKey('');
    setModel('');
    setHasKey(false);
    setIssues({});
    setMessage({ kind: 'ok', text: t('replies.settings.cleared') });
  };

  if (!loaded) return <p className="loading">{t('common.loading')}</p>;
  return (
    <form
      className="settings"
      data-testid="llm-settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('replies.settings.title')}</h2>
      <p className="hint">{t('replies.settings.intro')}</p>
      <label>
        {t('replies.settings.baseURL')}
        <input
          data-testid="llm-base-url"
          type="url"
          value={baseURL}
          placeholder="https://api.openai.com/v1"
          aria-invalid={Boolean(issues.baseURL)}
          onChange={(e) => setBaseURL(e.target.value)}
        />
      </label>
      <p className="hint">{t('replies.settings.baseURLHint')}</p>
      {issues.baseURL && (
        <p className="error" data-testid="llm-base-url-error">
          {t(`replies.settings.issue.${issues.baseURL}`)}
        </p>
      )}
      <label>
        {t('replies.settings.apiKey')}
        <input
          data-testid="llm-api-key"
          type="password"
          autoComplete="off"
          value={apiKey}
          placeholder={hasKey ? '••••••••' : ''}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </label>
      <p className="hint">
        {hasKey ? `${t('replies.settings.apiKeySaved')} ` : ''}
        {t('replies.settings.apiKeyHint')}
      </p>
      <label>
        {t('replies.settings.model')}
        <input
          data-testid="llm-model"
          value={model}
          placeholder="gpt-4o-mini / qwen2.5:7b"
          aria-invalid={Boolean(issues.model)}
          onChange={(e) => setModel(e.target.value)}
        />
      </label>
      {issues.model && (
        <p className="error" data-testid="llm-model-error">
          {t(`replies.settings.issue.${issues.model}`)}
        </p>
      )}
      <div className="actions">
        <button type="submit" data-testid="llm-save">
          {t('replies.settings.save')}
        </button>{' '}
        <button
          type="button"
          data-testid="llm-test"
          disabled={message?.kind === 'busy'}
          onClick={() => void test()}
        >
          {t('replies.settings.test')}
        </button>{' '}
        <button type="button" data-testid="llm-clear" onClick={() => void clear()}>
          {t('replies.settings.clear')}
        </button>
      </div>
      {message && (
        <p
          role="status"
          className={message.kind === 'error' ? 'error' : 'hint'}
          data-testid="llm-settings-status"
        >
          {message.text}
        </p>
      )}
    </form>
  );
}

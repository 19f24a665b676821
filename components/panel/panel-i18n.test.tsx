// @vitest-environment happy-dom
import { act, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '@/lib/i18n';
import { DocumentTitle } from './DocumentTitle';
import { UnreadableNotice } from './UnreadableNotice';
import { useAction } from './useAction';

// What a rep who reads Chinese sees when a page cannot be read or an action fails: Chinese first.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;
beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

async function render(language: 'en' | 'zh-CN', node: React.ReactNode) {
  await act(async () => root.render(<I18nextProvider i18n={createI18n(language)}>{node}</I18nextProvider>));
}
const text = (id: string) => host.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
/** Latin words left once the webmail's name and the error's name are taken out. */
const english = (s: string) => s.replace(/Gmail|Outlook|TypeError/g, '').match(/[A-Za-z]{2,}/g) ?? [];

describe('an unreadable page', () => {
  // Every code lib/adapters/gmail.ts and outlook.ts send.
  const codes = ['no-message-markup', 'no-expanded-message', 'no-sender', 'no-body', 'read-failed:TypeError'];

  it('gives its reason in Chinese', async () => {
    await render('zh-CN', <UnreadableNotice webmail="gmail" reason="definitely-not-a-code" />);
    const unknown = text('unreadable-reason');
    for (const reason of codes) {
      await render('zh-CN', <UnreadableNotice webmail="outlook" reason={reason} />);
      const shown = text('unreadable-reason');
      expect(shown, reason).not.toBe(unknown);
      expect(english(shown), reason).toEqual([]);
      expect(shown).toMatch(/[\u4e00-\u9fff]/);
    }
    await render('zh-CN', <UnreadableNotice webmail="gmail" reason="read-failed:TypeError" />);
    expect(text('unreadable-reason')).toContain('TypeError');
  });

  it('and in English', async () => {
    await render('en', <UnreadableNotice webmail="gmail" reason="no-message-markup" />);
    expect(text('unreadable-reason')).toBe(
      "Reason: A message seems open, but Gmail's message markup was not found on the page.",
    );
  });
});

function FailingAction({ message }: { message: string }) {
  const { error, run } = useAction();
  useEffect(() => {
    void run(() => Promise.reject(new Error(message)));
  }, [run, message]);
  return <p data-testid="error">{error}</p>;
}

describe('a failed action', () => {
  it('leads with a Chinese message and keeps the raw detail second', async () => {
    await render('zh-CN', <FailingAction message="Transaction aborted: ConstraintError" />);
    expect(text('error')).toMatch(/^出错了，操作未完成。/);
    expect(text('error-detail')).toBe('详情：Transaction aborted: ConstraintError');
  });

  it('words a known error code in full, with no detail', async () => {
    await render('zh-CN', <FailingAction message="invalid-email" />);
    expect(text('error')).toBe('出错了：这不是有效的邮箱地址。');
    expect(host.querySelector('[data-testid="error-detail"]')).toBeNull();
  });
});

it("titles the page in the rep's language", async () => {
  await render('zh-CN', <DocumentTitle titleKey="options.title" />);
  expect(document.title).toBe('外贸邮件客户助手 设置');
  await render('en', <DocumentTitle titleKey="options.title" />);
  expect(document.title).toBe('Trade Inbox CRM settings');
});

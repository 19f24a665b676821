// @vitest-environment happy-dom
import { useEffect } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { render as mount, settle, type Rendered } from '@/test/support/render';
import { DocumentTitle } from './DocumentTitle';
import { UnreadableNotice } from './UnreadableNotice';
import { useAction } from './useAction';

// What a rep who reads Chinese sees when a page cannot be read or an action fails: Chinese first.

let view: Rendered | undefined;
let host: HTMLElement;
beforeEach(() => {
  view = undefined;
});

/** Renders into the test's one root, in the language given: a later call updates the same tree. */
async function render(language: 'en' | 'zh-CN', node: React.ReactNode) {
  if (view) view.rerender(node, { lang: language });
  else {
    view = mount(node, { lang: language });
    host = view.host;
  }
  await settle();
}
const text = (id: string) => view?.q(id)?.textContent ?? '';
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

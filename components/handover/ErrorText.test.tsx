// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n, type UiLanguage } from '@/lib/i18n';
import { HandoverError } from '@/lib/handover/errors';
import { ErrorText } from './ErrorText';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function render(error: unknown, language: UiLanguage): string {
  const host = document.createElement('div');
  const root = createRoot(host);
  act(() =>
    root.render(
      <I18nextProvider i18n={createI18n(language)}>
        <ErrorText error={error} testId="e" />
      </I18nextProvider>,
    ),
  );
  const text = host.textContent ?? '';
  act(() => root.unmount());
  return text;
}

describe('ErrorText', () => {
  it('says in the rep’s language that the book changed during an export, naming the table in it too', () => {
    const error = new HandoverError('book-changed', { table: 'interactions' });
    expect(render(error, 'en')).toBe(
      'Records were deleted from the book while it was being exported (Interactions), so the file would be incomplete. Export again.',
    );
    const zh = render(error, 'zh-CN');
    expect(zh).toContain('联系记录');
    expect(zh).not.toMatch(/[A-Za-z]/);
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { UiLanguage } from '@/lib/i18n';
import { HandoverError } from '@/lib/handover/errors';
import { render as mount } from '@/test/support/render';
import { ErrorText } from './ErrorText';

function render(error: unknown, language: UiLanguage): string {
  const shown = mount(<ErrorText error={error} testId="e" />, { lang: language });
  const text = shown.host.textContent ?? '';
  shown.unmount();
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

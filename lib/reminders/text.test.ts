import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { reminderText } from './text';

const warning = {
  title: 'Log a contact with Hansen Flow Control GmbH by 2026-04-09, or it returns to the public pool.',
  notice: { code: 'pool-return' as const, company: 'Hansen Flow Control GmbH', returnsOn: '2026-04-09' },
};

describe('what a reminder says', () => {
  it('words the server’s pool warning in the rep’s language, with the date in its form', () => {
    const en = createI18n('en');
    expect(reminderText(warning, en.t, 'en')).toBe(
      'Log a contact with Hansen Flow Control GmbH by Apr 9, 2026, or it returns to the public pool.',
    );
    const zh = createI18n('zh-CN');
    expect(reminderText(warning, zh.t, 'zh-CN')).toBe(
      '请在 2026年4月9日 前记录一次与 Hansen Flow Control GmbH 的联系，否则该客户将退回公海。',
    );
  });

  it('keeps the rep’s own reminder as they typed it', () => {
    expect(reminderText({ title: 'Send the sample invoice' }, createI18n('zh-CN').t, 'zh-CN')).toBe(
      'Send the sample invoice',
    );
  });
});

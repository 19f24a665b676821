import { describe, expect, it } from 'vitest';
import { createI18n, loadResources, pickLanguage } from './index';

type Tree = { [key: string]: string | Tree };
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`),
  );
}

describe('i18n', () => {
  it('has every English key in Simplified Chinese and no extra ones', () => {
    const { en, 'zh-CN': zh } = loadResources();
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it('has no empty strings', () => {
    for (const tree of Object.values(loadResources())) {
      for (const key of keys(tree))
        expect(key.split('.').reduce<unknown>((t, k) => (t as Tree)[k], tree)).not.toBe('');
    }
  });

  it('counts in the singular and the plural', () => {
    const { t } = createI18n('en');
    expect(t('replies.fact.history.orders', { count: 1 })).toBe('1 order');
    expect(t('replies.fact.history.orders', { count: 12 })).toBe('12 orders');
    expect(t('replies.fact.history.interactions', { count: 1, since: 'May' })).toBe(
      '1 logged contact since May',
    );
    expect(createI18n('zh-CN').t('replies.fact.history.orders', { count: 1 })).toBe('1 笔订单');
  });

  it('follows the browser language and switches', () => {
    expect(pickLanguage('zh-TW')).toBe('zh-CN');
    expect(pickLanguage('de-DE')).toBe('en');
    expect(createI18n('zh-CN').t('common.appName')).not.toBe(createI18n('en').t('common.appName'));
  });
});

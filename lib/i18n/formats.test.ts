import { describe, expect, it } from 'vitest';
import { dateFormat, numberFormat, regionNames } from './formats';

describe('the UI formatters, made once', () => {
  it('write what toLocaleString writes, in English and Chinese', () => {
    const day = Date.UTC(2026, 5, 16, 12);
    for (const language of ['en', 'zh-CN']) {
      expect(dateFormat(language).format(day)).toBe(new Date(day).toLocaleDateString(language));
      expect(numberFormat(language).format(1234567.5)).toBe((1234567.5).toLocaleString(language));
      const euro = { style: 'currency', currency: 'EUR' } as const;
      expect(numberFormat(language, euro).format(12500)).toBe((12500).toLocaleString(language, euro));
    }
    expect(regionNames('en').of('DE')).toBe('Germany');
    expect(regionNames('zh-CN').of('DE')).toBe('德国');
  });

  it('are made once per language and options, and a bad currency still throws', () => {
    expect(numberFormat('en', { style: 'currency', currency: 'USD' })).toBe(
      numberFormat('en', { style: 'currency', currency: 'USD' }),
    );
    expect(numberFormat('en', { style: 'currency', currency: 'USD' })).not.toBe(
      numberFormat('zh-CN', { style: 'currency', currency: 'USD' }),
    );
    expect(() => numberFormat('en', { style: 'currency', currency: 'not a code' })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { greetingName } from './greeting';

describe('greeting by the sender’s naming custom', () => {
  it('addresses a Vietnamese sender by the given name, the last word', () => {
    expect(greetingName({ name: 'Nguyễn Thị Lan' })).toEqual({ en: 'Ms. Lan', zh: 'Lan' });
    expect(greetingName({ name: 'Tran Van Minh' }).en).toBe('Mr. Minh');
    expect(greetingName({ name: 'Phạm Quang Huy' }).en).toBe('Huy');
  });

  it('gives a Chinese or Korean sender the family name with a title when one is known, else the full name', () => {
    expect(greetingName({ name: '王军', signature: '王军\n采购经理\n深圳市明辉照明' })).toEqual({
      zh: '王经理',
      en: '王军',
    });
    expect(greetingName({ name: '王军' })).toEqual({ zh: '王军', en: '王军' });
    // The sender's own greeting to the rep ("陈小姐您好") is not the sender's title.
    expect(
      greetingName({
        name: '王军',
        signature: '陈小姐您好，\n请报价。\n谢谢！\n王军\n深圳市明辉照明贸易有限公司',
      }).zh,
    ).toBe('王军');
    expect(greetingName({ name: 'Kim Min-jun', signature: 'Kim Min-jun\nPurchasing Manager' }).en).toBe(
      'Manager Kim',
    );
    expect(greetingName({ name: 'Kim Min-jun' }).en).toBe('Kim Min-jun');
  });

  it('uses a Western given name, a title with the family name, and no name for a team', () => {
    expect(greetingName({ name: 'Tom Becker' }).en).toBe('Tom');
    expect(greetingName({ name: 'Hansen, Klaus' }).en).toBe('Klaus');
    expect(greetingName({ name: 'Dr. Maria Weber' }).en).toBe('Dr. Weber');
    expect(greetingName({ name: 'KLAUS HANSEN' }).en).toBe('Klaus');
    expect(greetingName({ name: 'Walmart Global Sourcing' }).en).toBe('');
    expect(greetingName({ name: 'sales@acme.com' }).en).toBe('');
  });
});

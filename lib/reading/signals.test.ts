import { describe, expect, it } from 'vitest';
import { normalise } from './features';
import { signalsIn } from './signals';

const read = (text: string) => signalsIn(normalise(text));

describe('the signals of a complaint and a follow-up', () => {
  it('hears a loss claimed in every language', () => {
    for (const text of [
      'We will charge you the penalty our client charged us.',
      'Exigimos una compensación por el atraso.',
      'Isso está nos causando prejuízo.',
      'Nous exigeons un dédommagement.',
      'Wir machen die Vertragsstrafe geltend.',
      'Заказчик выставил нам неустойку.',
      'نطلب تعويضاً عن التأخير.',
      '项目已经被业主罚款了。',
    ])
      expect(read(text)).toContain('loss');
  });

  it('hears lateness and a chase of an earlier message, and tells them apart', () => {
    expect(read('The goods are three weeks late.')).toEqual(['late']);
    expect(read('Срок отгрузки сорван.')).toEqual(['late', 'logistics']);
    expect(read('Any update on my quote request?')).toEqual(['earlier']);
    expect(read('¿Alguna novedad?')).toEqual(['earlier']);
    expect(read('上周发的询价单有结果了吗？')).toContain('earlier');
  });

  it('reads whole words: a plate is not late, a translation is no complaint', () => {
    expect(read('Please translate the label on the mounting plate.')).toEqual([]);
    expect(read('Please quote 500 panels FOB Ningbo.')).toEqual([]);
  });

  it('hears a buyer commit, in words no order cue knows', () => {
    expect(read('Comme convenu, merci d’expédier 500 réglettes de votre stock.')).toContain('commit');
    expect(read('Лили, фиксируем: 1400 штук. Присылайте договор, подпишу сегодня.')).toContain('commit');
    expect(read('应急灯三托就按你们的价格定了。')).toContain('commit');
  });

  it('tells a balance paid from a deposit paid', () => {
    expect(read('We sent the balance for PI 26-0877, swift copy attached.')).toEqual(['balance']);
    expect(read('The 30% deposit was sent today.')).toEqual(['deposit']);
    expect(read('尾款昨天已经付了，水单见附件。')).toEqual(['balance']);
  });
});

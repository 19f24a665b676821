import { describe, expect, it } from 'vitest';
import { defaultFollowUp, fromLocalInput, guessIntent, toLocalInput } from './logDefaults';

describe('log form defaults', () => {
  it('guesses the intent a rep would pick', () => {
    expect(guessIntent('RFQ: price for 2000 pcs LED panel, FOB Ningbo')).toBe('price-inquiry');
    expect(guessIntent('Could you send free samples first?')).toBe('sample-request');
    expect(guessIntent('Repeat order for March, PO #4411')).toBe('order');
    expect(guessIntent('Complaint: 30 units arrived damaged')).toBe('complaint');
    expect(guessIntent('请报价 LED 面板灯')).toBe('price-inquiry');
    expect(guessIntent('Happy new year!')).toBe('other');
  });

  it('suggests a follow-up three working days later at nine', () => {
    const friday = new Date(2026, 10, 20, 15, 30).getTime();
    const due = new Date(defaultFollowUp(friday));
    expect([due.getFullYear(), due.getMonth(), due.getDate(), due.getHours()]).toEqual([2026, 10, 25, 9]);
  });

  it('round-trips the date input and refuses impossible dates', () => {
    const ms = new Date(2026, 0, 31, 8, 5).getTime();
    expect(toLocalInput(ms)).toBe('2026-01-31T08:05');
    expect(fromLocalInput('2026-01-31T08:05')).toBe(ms);
    expect(fromLocalInput('2026-02-31T08:05')).toBeUndefined();
    expect(fromLocalInput('tomorrow')).toBeUndefined();
  });
});

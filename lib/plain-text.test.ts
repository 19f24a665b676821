import { describe, expect, it } from 'vitest';
import { plainCut, stripMarkup } from './plain-text';

describe('stripMarkup', () => {
  it('takes whole tags out and keeps the text between them', () => {
    expect(stripMarkup('<script>alert(1)</script>Ingrid')).toBe('alert(1)Ingrid');
    expect(stripMarkup('Price <b>list</b> <img src=x onerror=alert(1)>')).toBe('Price list ');
    expect(stripMarkup('"><svg onload=alert(1)>Acme')).toBe('">Acme');
    expect(stripMarkup('a<!-- hidden -->b<!doctype html><?xml version="1.0"?>c')).toBe('abc');
    expect(stripMarkup('<a/onclick=alert(1)>x')).toBe('x');
  });

  it('defuses a tag left open, and one its inner tag would have built', () => {
    const open = stripMarkup('Ingrid <img src=x onerror=alert(1)');
    expect(open).toBe('Ingrid img src=x onerror=alert(1)');
    expect(stripMarkup('<<b>script>alert(1)<</b>/script>')).toBe('script>alert(1)/script>');
    expect(stripMarkup('<<<<svg onload=alert(1)')).toBe('svg onload=alert(1)');
    for (const text of [open, stripMarkup('<<b>script>'), stripMarkup('x<!--')])
      expect(text, text).not.toMatch(/<[A-Za-z/!?]/);
  });

  it('keeps what is no markup: comparisons, arrows, a bracketed address, plain text', () => {
    expect(stripMarkup('Price < 5 USD, MOQ <500 pcs -> ok')).toBe('Price < 5 USD, MOQ <500 pcs -> ok');
    expect(stripMarkup('Ingrid Berg <ingrid.berg@nordlys.no>')).toBe('Ingrid Berg <ingrid.berg@nordlys.no>');
    expect(stripMarkup('询价：LED 面板 & 报价')).toBe('询价：LED 面板 & 报价');
    expect(stripMarkup('&lt;script&gt;')).toBe('&lt;script&gt;');
  });

  it('reads long hostile runs in one pass', () => {
    // Shapes that make a backtracking pattern quadratic: each must come back at once.
    for (const text of [
      '<'.repeat(200_000),
      '<a'.repeat(100_000),
      `<a ${'x'.repeat(200_000)}`,
      '<!'.repeat(100_000),
    ])
      expect(stripMarkup(text).length).toBeLessThanOrEqual(text.length);
  });
});

describe('plainCut', () => {
  it('cuts to the limit first (bounded work), then takes markup out, a cut tag included', () => {
    const cut = plainCut(10);
    expect(cut('x'.repeat(600))).toBe('x'.repeat(10));
    expect(cut('<b>bold</b>')).toBe('bold/b');
    expect(plainCut(20)('<b>bold</b>')).toBe('bold');
    expect(cut('short')).toBe('short');
  });
});

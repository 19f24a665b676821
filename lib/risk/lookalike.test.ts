import { describe, expect, it } from 'vitest';
import {
  decodePunycode,
  editDistance,
  findLookalike,
  LookalikeIndex,
  skeleton,
  toUnicodeHost,
} from './lookalike';

describe('look-alike domains', () => {
  it('decodes punycode labels and leaves malformed ones alone', () => {
    expect(decodePunycode('mnchen-3ya')).toBe('münchen');
    expect(toUnicodeHost('xn--cme-trade-zyh.com')).toBe('аcme-trade.com');
    expect(toUnicodeHost('xn--!!!.com')).toBe('xn--!!!.com');
  });

  it('folds letters that look alike', () => {
    expect(skeleton('acrne')).toBe(skeleton('acme'));
    expect(skeleton('g00gle')).toBe(skeleton('google'));
    expect(skeleton('pаypal')).toBe(skeleton('paypal')); // Cyrillic а
  });

  it('measures edit distance with an early exit', () => {
    expect(editDistance('acme-trade', 'acme-trades')).toBe(1);
    expect(editDistance('acme-trade', 'acne-trad')).toBe(2);
    expect(editDistance('acme-trade', 'zzzz-trade')).toBe(3);
  });

  it('finds the imitated customer domain, or none', () => {
    const known = ['acme-trade.com', 'globex-industrial.de', 'abc.com'];
    expect(findLookalike('acme-trades.com', known)).toEqual({ known: 'acme-trade.com', kind: 'typo' });
    expect(findLookalike('globex-industriai.de', known)).toEqual({
      known: 'globex-industrial.de',
      kind: 'homoglyph',
    });
    expect(findLookalike('globex-industral.de', known)).toEqual({
      known: 'globex-industrial.de',
      kind: 'typo',
    });
    expect(findLookalike('acme-trade.co.uk', known)).toEqual({
      known: 'acme-trade.com',
      kind: 'other-suffix',
    });
    // Short labels differ by a letter all the time: not a look-alike.
    expect(findLookalike('abd.com', known)).toBeNull();
    expect(findLookalike('ACME-TRADE.com', known)).toBeNull();
  });

  it('checks every customer of a large book, not only the first ones', () => {
    const known = Array.from({ length: 60_000 }, (_, i) => `customer${i.toString(36)}-trading.com`);
    known.push('zenith-medical.de');
    const index = new LookalikeIndex(known);
    expect(index.size).toBe(60_001);
    expect(index.find('zenith-medlcal.de')).toEqual({ known: 'zenith-medical.de', kind: 'homoglyph' });
    expect(index.find('zenith-medial.de')).toEqual({ known: 'zenith-medical.de', kind: 'typo' });
    expect(index.find('zenith-medical.com')).toEqual({ known: 'zenith-medical.de', kind: 'other-suffix' });
    expect(index.find('customer1a-trading.com')).toBeNull(); // a customer's own domain
    expect(index.find('brand-new-buyer.com')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { decodePunycode, editDistance, findLookalike, skeleton, toUnicodeHost } from './lookalike';

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
});

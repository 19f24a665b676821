import { describe, expect, it } from 'vitest';
import { EmailInquirySchema, type EmailInquiryInput } from '../email';
import type { Origin } from '../origin/schema';
import en from '../i18n/locales/en/risk.json';
import zh from '../i18n/locales/zh-CN/risk.json';
import { computeRisk, RISK_THRESHOLDS, RISK_WEIGHTS, riskLevel, type RiskInput } from './risk';

const inquiry = (over: Partial<EmailInquiryInput>) =>
  EmailInquirySchema.parse({
    webmail: 'gmail',
    from: { name: '', email: 'buyer@newco-imports.com' },
    ...over,
  });

const base = (over: Partial<RiskInput> = {}): RiskInput => ({
  inquiry: inquiry({ bodyText: 'Please quote 500 pcs.' }),
  origin: null,
  firstContact: false,
  knownCompanyDomains: ['acme-trade.com'],
  domainSeenBefore: true,
  ...over,
});
const ids = (input: RiskInput) => computeRisk(input).signals.map((s) => s.id);

describe('computeRisk', () => {
  it('has a reason in English and Chinese for every signal, using every value it is given', () => {
    for (const id of Object.keys(RISK_WEIGHTS)) {
      const reasons = [(en.signal as Record<string, string>)[id], (zh.signal as Record<string, string>)[id]];
      for (const reason of reasons) expect(reason, id).toBeTruthy();
      const placeholders = (text: string | undefined) =>
        [...(text ?? '').matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(placeholders(reasons[1]), id).toEqual(placeholders(reasons[0]));
    }
  });

  it('is quiet for a known sender writing a normal message', () => {
    expect(computeRisk(base())).toEqual({ score: 0, level: 'low', signals: [] });
  });

  it("never warns about the rep's own sent message", () => {
    const own = inquiry({
      account: 'Lily@nblighting.com',
      from: { name: 'Lily', email: 'lily@nblighting.com' },
      subject: 'URGENT: our bank account has changed',
    });
    expect(computeRisk(base({ inquiry: own, firstContact: true, domainSeenBefore: false }))).toEqual({
      score: 0,
      level: 'low',
      signals: [],
    });
  });

  it('maps the score onto the exported thresholds', () => {
    expect(riskLevel(RISK_THRESHOLDS.medium - 1)).toBe('low');
    expect(riskLevel(RISK_THRESHOLDS.medium)).toBe('medium');
    expect(riskLevel(RISK_THRESHOLDS.high)).toBe('high');
  });

  it('flags a first contact from a new domain, but only mildly', () => {
    const risk = computeRisk(base({ firstContact: true, domainSeenBefore: false }));
    expect(risk.signals.map((s) => s.id)).toEqual(['first-contact', 'new-domain']);
    expect(risk.signals[1]?.params).toEqual({ domain: 'newco-imports.com' });
    expect(risk.level).toBe('low');
  });

  it('tells free-samples-first from samples-first, and ignores samples from known customers', () => {
    const free = inquiry({ bodyText: 'Please send us free samples of all models by DHL.' });
    const paid = inquiry({ bodyText: 'Please send us samples first, we pay the courier.' });
    expect(ids(base({ inquiry: free, firstContact: true }))).toContain('free-samples-first');
    expect(ids(base({ inquiry: paid, firstContact: true }))).toContain('samples-first');
    expect(ids(base({ inquiry: free }))).not.toContain('free-samples-first');
    expect(ids(base({ inquiry: inquiry({ bodyText: '请寄免费样品给我们' }), firstContact: true }))).toContain(
      'free-samples-first',
    );
  });

  it('flags a free-mail address that signs for a company, with the company name', () => {
    const risk = computeRisk(
      base({
        firstContact: true,
        inquiry: inquiry({
          from: { name: '', email: 'kwame77@yahoo.com' },
          bodyText: 'Hello\n\nKwame Mensah\nGold Coast Imports Ltd\n+233 24 412 3456',
        }),
      }),
    );
    expect(risk.signals.find((s) => s.id === 'free-mail-company')?.params).toEqual({
      domain: 'yahoo.com',
      company: 'Gold Coast Imports Ltd',
    });
    const person = base({
      inquiry: inquiry({ from: { name: '', email: 'tom@gmail.com' }, bodyText: 'Hi\nTom' }),
    });
    expect(ids(person)).not.toContain('free-mail-company');
  });

  it('flags a free-mail address that claims a role at a company, even without a legal suffix', () => {
    const claimed = (bodyText: string) =>
      computeRisk(
        base({
          firstContact: true,
          inquiry: inquiry({ from: { name: '', email: 'j.whitaker.buying@gmail.com' }, bodyText }),
        }),
      ).signals.find((s) => s.id === 'free-mail-company')?.params.company;
    expect(
      claimed('I am James Whitaker, Senior Purchasing Director of Walmart Global Sourcing. We are selecting'),
    ).toBe('Walmart Global Sourcing');
    expect(claimed('We write on behalf of Home Depot, who need 10,000 pcs.')).toBe('Home Depot');
    expect(claimed('I am the buyer for Costco Wholesale in Canada.')).toBe('Costco Wholesale');
    // A department or a lower-case phrase is not a company.
    expect(claimed('I am the Director of Purchasing at a small shop.')).toBeUndefined();
    expect(claimed('I am the manager of a small shop and need 20 lamps.')).toBeUndefined();
    expect(claimed('Our agent in Lagos will inspect them.')).toBeUndefined();
  });

  it('does not hold free mail against a customer the book already knows', () => {
    const known = base({
      firstContact: false,
      inquiry: inquiry({
        from: { name: '王军', email: '1853207746@qq.com' },
        bodyText: '请报价。\n王军\n深圳市明辉照明贸易有限公司',
      }),
    });
    expect(ids(known)).not.toContain('free-mail-company');
    expect(ids({ ...known, firstContact: true })).toContain('free-mail-company');
  });

  it('reads samples as the inquiry means them: paid samples beside a price request, or flicker-free, are no scam sign', () => {
    const buyer = inquiry({
      bodyText:
        'We need about 3,500 LED panels 600x600, flicker-free, with DALI dimming. Please send your best price FOB, your MOQ and the certificates. We would like to order two samples first.',
    });
    expect(ids(base({ inquiry: buyer, firstContact: true }))).not.toContain('free-samples-first');
    expect(ids(base({ inquiry: buyer, firstContact: true }))).not.toContain('samples-first');
    const tester = inquiry({
      bodyText: 'Could you send 2 pcs for testing? We will pay for the samples.',
      subject: 'Sample request',
    });
    expect(ids(base({ inquiry: tester, firstContact: true }))).not.toContain('samples-first');
  });

  it('tells a reply-to on another domain from another address on the same domain', () => {
    const other = inquiry({ replyTo: [{ name: '', email: 'pay@gmail.com' }] });
    const same = inquiry({ replyTo: [{ name: '', email: 'boss@newco-imports.com' }] });
    const self = inquiry({ replyTo: [{ name: '', email: 'BUYER@newco-imports.com' }] });
    expect(ids(base({ inquiry: other }))).toEqual(['reply-to-other-domain']);
    expect(ids(base({ inquiry: same }))).toEqual(['reply-to-other-address']);
    expect(ids(base({ inquiry: self }))).toEqual([]);
  });

  it.each([
    ['Our bank account has changed, please use the details below.'],
    ['Kindly remit the balance to our new account.'],
    ['Please note the change of bank details for all invoices.'],
    ['我司银行账户已变更，请汇至新账户。'],
    ['请注意：我们更改了收款银行账户。'],
  ])('recognises a payment-detail change: %s', (text) => {
    const risk = computeRisk(base({ inquiry: inquiry({ bodyText: text }) }));
    expect(risk.signals.map((s) => s.id)).toContain('payment-change');
  });

  it('recognises urgency in English and Chinese, and not in ordinary words', () => {
    expect(ids(base({ inquiry: inquiry({ subject: 'URGENT order' }) }))).toEqual(['urgency']);
    expect(ids(base({ inquiry: inquiry({ bodyText: '请尽快回复' }) }))).toEqual(['urgency']);
    expect(
      ids(
        base({
          inquiry: inquiry({ bodyText: 'We plan an order in the urgency room project? no: in June.' }),
        }),
      ),
    ).toEqual([]);
  });

  it('names the look-alike and the customer it imitates, never the customer itself', () => {
    const lookalike = (email: string) =>
      computeRisk(
        base({ inquiry: inquiry({ from: { name: '', email } }), domainSeenBefore: false }),
      ).signals.find((s) => s.id === 'lookalike-domain')?.params;
    expect(lookalike('a@acme-trades.com')).toEqual({
      domain: 'acme-trades.com',
      known: 'acme-trade.com',
      kind: 'typo',
    });
    expect(lookalike('a@acrne-trade.com')).toMatchObject({ kind: 'homoglyph' });
    expect(lookalike('a@xn--cme-trade-zyh.com')).toEqual({
      domain: 'аcme-trade.com (xn--cme-trade-zyh.com)',
      known: 'acme-trade.com',
      kind: 'punycode',
    });
    expect(lookalike('a@acme-trade.com')).toBeUndefined();
    expect(lookalike('a@globex.com')).toBeUndefined();
  });

  it('reports an origin mismatch with the countries involved', () => {
    const origin: Origin = {
      country: 'NG',
      ip: '41.190.3.20',
      confidence: 'high',
      mismatch: true,
      providerHidesIp: false,
      headersAvailable: true,
      evidence: [
        { source: 'received-ip', country: 'NG', detail: '41.190.3.20', confidence: 'high' },
        { source: 'claimed', country: 'DE', detail: 'we are a company in Germany', confidence: 'low' },
      ],
    };
    const signal = computeRisk(base({ origin })).signals[0];
    expect(signal).toEqual({ id: 'origin-mismatch', weight: 20, params: { countries: 'NG, DE' } });
  });

  it('adds up to high for the classic bank-change scam and caps at 100', () => {
    const risk = computeRisk(
      base({
        firstContact: true,
        domainSeenBefore: false,
        inquiry: inquiry({
          from: { name: '', email: 'billing@acme-trades.com' },
          replyTo: [{ name: '', email: 'acme.billing@gmail.com' }],
          subject: 'Urgent',
          bodyText: 'Our bank account has changed. Send free samples too.',
        }),
      }),
    );
    expect(risk.level).toBe('high');
    expect(risk.score).toBe(100);
  });
});

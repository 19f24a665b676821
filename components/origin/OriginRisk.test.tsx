// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { UiLanguage } from '@/lib/i18n';
import type { Origin } from '@/lib/origin/schema';
import type { Risk } from '@/lib/risk/schema';
import { render as mount, type Rendered } from '@/test/support/render';
import { OriginView } from './OriginView';
import { RiskView } from './RiskView';

let view: Rendered;
let host: HTMLElement;
function render(node: React.ReactNode, language: UiLanguage = 'en') {
  view = mount(node, { lang: language });
  host = view.host;
}
const q = (id: string) => view.q(id);

const origin: Origin = {
  country: 'NG',
  ip: '105.112.24.5',
  confidence: 'high',
  mismatch: true,
  providerHidesIp: false,
  headersAvailable: true,
  evidence: [
    {
      source: 'received-ip',
      country: 'NG',
      detail: '105.112.24.5 (newxmesmtplogicsvrszb6-1.qq.com)',
      confidence: 'high',
    },
    {
      source: 'claimed',
      country: 'GB',
      detail: '<img src=x onerror=alert(1)> in the United Kingdom',
      confidence: 'low',
    },
    { source: 'timezone', countries: ['DE', 'FR', 'NG'], detail: 'UTC+01:00', confidence: 'low' },
  ],
};

describe('OriginView', () => {
  it('shows the best answer, confidence, IP, mismatch and each evidence with its source', () => {
    render(<OriginView origin={origin} />);
    expect(q('origin-country')?.textContent).toBe('Nigeria');
    expect(q('origin-confidence')?.textContent).toBe('Confidence: High');
    expect(q('origin-ip')?.textContent).toBe('105.112.24.5');
    expect(q('origin-mismatch')?.textContent).toMatch(/disagrees/);
    expect(q('origin-evidence-received-ip')?.textContent).toBe(
      'Sender IP (Received chain): Nigeria (105.112.24.5 (newxmesmtplogicsvrszb6-1.qq.com))',
    );
    expect(q('origin-evidence-timezone')?.textContent).toContain('one of 3 countries');
    expect(q('origin-provider-hides-ip')).toBeNull();
  });

  it('renders hostile evidence as text, never as markup', () => {
    render(<OriginView origin={origin} />);
    expect(host.querySelector('img')).toBeNull();
    expect(q('origin-evidence-claimed')?.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('says when the provider hides the IP and when there were no headers, in Chinese too', () => {
    const hidden: Origin = {
      confidence: 'none',
      evidence: [],
      mismatch: false,
      providerHidesIp: true,
      headersAvailable: false,
    };
    render(<OriginView origin={hidden} />, 'zh-CN');
    expect(q('origin-country')?.textContent).toBe('未知');
    expect(q('origin-provider-hides-ip')?.textContent).toContain('隐藏了发件 IP');
    expect(q('origin-no-headers')).not.toBeNull();
    expect(q('origin-no-evidence')).not.toBeNull();
    expect(q('origin-ip')).toBeNull();
  });
});

describe('RiskView', () => {
  const risk: Risk = {
    score: 75,
    level: 'high',
    signals: [
      { id: 'payment-change', weight: 40, params: { phrase: 'our bank account has changed' } },
      {
        id: 'lookalike-domain',
        weight: 45,
        params: { domain: 'acme-trades.com', known: 'acme-trade.com', kind: 'typo' },
      },
      { id: 'urgency', weight: 10, params: { phrase: '$t(risk.title) {{score}}' } },
    ],
  };

  it("shows the level badge, score and each signal's reason with its values", () => {
    render(<RiskView risk={risk} />);
    expect(q('risk-level')?.textContent).toBe('High risk');
    expect(q('risk-score')?.textContent).toBe('Score 75');
    expect(q('risk-signal-lookalike-domain')?.textContent).toBe(
      "The sender domain acme-trades.com looks like your customer's acme-trade.com.",
    );
    expect(q('risk-signal-payment-change')?.textContent).toContain('our bank account has changed');
  });

  it("shows each signal's points and how the score makes the level", () => {
    render(<RiskView risk={risk} />);
    expect(q('risk-weight-payment-change')?.textContent).toBe('+40');
    expect(q('risk-weight-lookalike-domain')?.textContent).toBe('+45');
    expect(q('risk-weight-urgency')?.textContent).toBe('+10');
    expect(q('risk-weight-urgency')?.closest('li')?.textContent).toBe(
      '+10 Pushes for urgency ("$t(risk.title) {{score}}").',
    );
    // 40 + 45 + 10 = 95: the score is the plain sum here.
    expect(q('risk-explained')?.textContent).toBe(
      "The score is the sum of the signals' points (at most 100). Medium risk from 30 points, high risk from 60.",
    );
  });

  it('says when the points pass the cap, and explains it in Chinese', () => {
    const capped: Risk = {
      ...risk,
      score: 100,
      signals: [...risk.signals, { id: 'origin-mismatch', weight: 20, params: { countries: 'NG, DE' } }],
    };
    render(<RiskView risk={capped} />, 'zh-CN');
    expect(q('risk-weight-origin-mismatch')?.textContent).toBe('+20');
    expect(q('risk-explained')?.textContent).toBe(
      '各项迹象合计 115 分，得分最高计为 100 分。 30 分起为中风险，60 分起为高风险。',
    );
  });

  it('does not expand translation syntax smuggled into a phrase', () => {
    render(<RiskView risk={risk} />);
    expect(q('risk-signal-urgency')?.textContent).toBe('Pushes for urgency ("$t(risk.title) {{score}}").');
  });

  it('says so when there is nothing to warn about, in Chinese', () => {
    render(<RiskView risk={{ score: 0, level: 'low', signals: [] }} />, 'zh-CN');
    expect(q('risk-level')?.textContent).toBe('低风险');
    expect(q('risk-none')?.textContent).toBe('没有发现可疑迹象。');
  });
});

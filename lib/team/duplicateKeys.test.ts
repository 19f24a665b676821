import { describe, expect, it } from 'vitest';
import { companyKeys, contactKeys, normalizeCompanyName, normalizePhone, probeKeys } from './duplicateKeys';

describe('duplicate keys', () => {
  it('compare company names without their legal form, case or punctuation', () => {
    expect(normalizeCompanyName('Hansen Flow-Control GmbH & Co. KG')).toBe('hansen flow control');
    expect(normalizeCompanyName('ACME Ltd.')).toBe('acme');
    // A name that is only a legal form keeps it rather than vanish.
    expect(normalizeCompanyName('The Company')).toBe('the company');
    expect(normalizeCompanyName('宁波华美贸易有限公司')).toBe('宁波华美贸易有限公司');
  });

  it('read phone numbers in E.164, in the company country when they have no country code', () => {
    expect(normalizePhone('+49 (40) 123 4567')).toBe('+49401234567');
    expect(normalizePhone('0049 40 1234567')).toBe('+49401234567');
    expect(normalizePhone('040 1234567', 'DE')).toBe('+49401234567');
    expect(normalizePhone('040 1234567')).toBe('');
    expect(normalizePhone('call me')).toBe('');
  });

  it('never key a company by a free-mail domain, and keep sub-domains to their registrable domain', () => {
    expect(companyKeys({ name: 'Hansen GmbH', domains: ['gmail.com', 'mail.hansen.co.uk'] })).toEqual([
      { kind: 'domain', value: 'hansen.co.uk' },
      { kind: 'name', value: 'hansen' },
    ]);
    expect(probeKeys({ email: 'Jens.Hansen@Gmail.com' })).toEqual([
      { kind: 'email', value: 'jens.hansen@gmail.com' },
    ]);
    expect(contactKeys({ emails: ['A@X.de', 'a@x.de'], phones: ['+1 212 555 0100'] })).toEqual([
      { kind: 'email', value: 'a@x.de' },
      { kind: 'phone', value: '+12125550100' },
    ]);
  });
});

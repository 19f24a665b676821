import { describe, expect, it } from 'vitest';
import { companyNameFromDomain, isFreeMailDomain, normalizeEmail, registrableDomain } from './domains';

describe('domains', () => {
  it('finds the registrable domain behind public suffixes', () => {
    expect(registrableDomain('sales@mail.acme.co.uk')).toBe('acme.co.uk');
    expect(registrableDomain('Buyer@Shop.Example.COM.BR')).toBe('example.com.br');
    expect(registrableDomain('x@localhost')).toBe('');
  });

  it('never treats free-mail providers as companies', () => {
    expect(isFreeMailDomain(registrableDomain('a.buyer@gmail.com'))).toBe(true);
    expect(isFreeMailDomain(registrableDomain('li@vip.163.com'))).toBe(true);
    expect(isFreeMailDomain('acme.de')).toBe(false);
  });

  it('normalizes addresses and rejects non-addresses', () => {
    expect(normalizeEmail('  Hans.Mueller@ACME.de ')).toBe('hans.mueller@acme.de');
    expect(normalizeEmail('not an address')).toBe('');
  });

  it('guesses a readable company name from a domain', () => {
    expect(companyNameFromDomain('acme-tools.co.uk')).toBe('Acme Tools');
  });
});

import { describe, expect, it } from 'vitest';
import { EmailInquirySchema, type EmailInquiryInput } from '../email';
import { neverLogMatch, ownDomainsOf, parseEntry, PrivacySettingsSchema, quietReason } from './neverLog';

const mail = (input: Partial<EmailInquiryInput>) =>
  EmailInquirySchema.parse({
    webmail: 'gmail',
    account: 'lily.chen@brightway-lighting.com',
    from: { name: 'Someone', email: 'someone@customer.example' },
    ...input,
  });
const settings = (neverLog: string[] = [], ownDomains: string[] = []) =>
  PrivacySettingsSchema.parse({ neverLog, ownDomains });

describe('never-log entries', () => {
  it('are addresses or domains, lower case; anything else is refused', () => {
    expect(parseEntry(' Mum@Family.Example ')).toEqual({ kind: 'address', value: 'mum@family.example' });
    expect(parseEntry('@icbc.com.cn')).toEqual({ kind: 'domain', value: 'icbc.com.cn' });
    expect(parseEntry('not a domain')).toBeNull();
    expect(parseEntry('a@b')).toBeNull();
  });

  it('a domain covers its subdomains, not look-alikes', () => {
    const s = settings(['icbc.com.cn']);
    expect(neverLogMatch('notice@icbc.com.cn', s)).toBe('icbc.com.cn');
    expect(neverLogMatch('alerts@mail.icbc.com.cn', s)).toBe('icbc.com.cn');
    expect(neverLogMatch('x@fakeicbc.com.cn', s)).toBeNull();
  });
});

describe('a quiet card', () => {
  it('for a sender on the list, by address or domain', () => {
    expect(
      quietReason(
        mail({ from: { name: 'Mum', email: 'MUM@family.example' } }),
        settings(['mum@family.example']),
      ),
    ).toEqual({ kind: 'never-log', entry: 'mum@family.example' });
    expect(
      quietReason(mail({ from: { name: '', email: 'notice@icbc.com.cn' } }), settings(['icbc.com.cn'])),
    ).toEqual({ kind: 'never-log', entry: 'icbc.com.cn' });
  });

  it('for the rep’s own mail to someone on the list, but not to a customer', () => {
    const own = { name: 'Lily', email: 'lily.chen@brightway-lighting.com' };
    const s = settings(['family.example']);
    expect(quietReason(mail({ from: own, to: [{ name: '', email: 'dad@family.example' }] }), s)?.kind).toBe(
      'never-log',
    );
    expect(
      quietReason(mail({ from: own, to: [{ name: '', email: 'buyer@customer.example' }] }), s),
    ).toBeNull();
  });

  it('between colleagues: the mailbox domain and the listed own domains; never for free mail', () => {
    const colleague = mail({ from: { name: 'Wang', email: 'wang@brightway-lighting.com' } });
    expect(quietReason(colleague, settings())).toEqual({
      kind: 'colleague',
      entry: 'brightway-lighting.com',
    });
    const sister = mail({ from: { name: 'Li', email: 'li@brightway-group.cn' } });
    expect(quietReason(sister, settings())).toBeNull();
    expect(quietReason(sister, settings([], ['brightway-group.cn']))?.kind).toBe('colleague');
    // A rep on gmail.com: other gmail.com senders are customers, not colleagues.
    const gmailRep = mail({ account: 'lily@gmail.com', from: { name: '', email: 'buyer@gmail.com' } });
    expect(quietReason(gmailRep, settings())).toBeNull();
    expect(ownDomainsOf(settings(), 'lily@gmail.com')).toEqual([]);
  });

  it('not for a customer who copies a colleague', () => {
    const m = mail({ cc: [{ name: '', email: 'qa@brightway-lighting.com' }] });
    expect(quietReason(m, settings())).toBeNull();
  });

  it('the rep’s outgoing mail to colleagues only is quiet; with a customer in copy it is not', () => {
    const own = { name: 'Lily', email: 'lily.chen@brightway-lighting.com' };
    const internal = mail({ from: own, to: [{ name: '', email: 'boss@brightway-lighting.com' }] });
    expect(quietReason(internal, settings())?.kind).toBe('colleague');
    const withCustomer = mail({
      from: own,
      to: [{ name: '', email: 'boss@brightway-lighting.com' }],
      cc: [{ name: '', email: 'buyer@customer.example' }],
    });
    expect(quietReason(withCustomer, settings())).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { companyFromSignature } from './signature';

describe('the company name from the signature', () => {
  it('takes the name the sender writes, not the domain spelled as one word', () => {
    expect(
      companyFromSignature(
        'Hi Lily,\nplease send 2 pcs.\n\nThanks,\nTom Becker\nProduct Manager, Maple Leaf Lighting Supply\n(905) 555-0143',
        'mapleleaflighting.ca',
      ),
    ).toBe('Maple Leaf Lighting Supply');
    expect(
      companyFromSignature(
        'Hello\n\nMed vennlig hilsen\nIngrid Berg\nInnkjøper, Nordlys Belysning AS\n+47 55 30 18 42',
        'nordlys-belysning.no',
      ),
    ).toBe('Nordlys Belysning AS');
  });

  it('takes a line with a legal form when the domain says nothing, and nothing from contact lines', () => {
    expect(
      companyFromSignature(
        'Regards,\nFaisal Rahman\nAl Noor Electrical Trading LLC, Dubai\nMob. +971 50 482 1937',
        'gmail.com',
      ),
    ).toBe('Al Noor Electrical Trading LLC');
    expect(
      companyFromSignature('谢谢！\n王军\n深圳市明辉照明贸易有限公司\n电话：0755-2833 6190', 'qq.com'),
    ).toBe('深圳市明辉照明贸易有限公司');
    expect(companyFromSignature('Thanks\nTom\n+1 905 555 0143\ntom@x.com', 'x.com')).toBe('');
  });

  it('ignores the quoted thread below the sender’s text', () => {
    expect(
      companyFromSignature(
        'ok, thanks\nAnna\n\nOn Tue, Lily Chen <lily@brightway.com> wrote:\n> Ningbo Brightway Lighting Co., Ltd.',
        'shop.de',
      ),
    ).toBe('');
  });
});

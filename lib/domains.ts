import { getDomain } from 'tldts';

// Addresses and domains, public-suffix aware: "sales@mail.acme.co.uk" belongs to
// acme.co.uk, never to co.uk.

/** Lower-cased, trimmed address; '' when it is not an address at all. */
export function normalizeEmail(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? trimmed : '';
}

/** The registrable domain of an address or host name ('' when there is none). */
export function registrableDomain(addressOrHost: string): string {
  const host = addressOrHost.includes('@')
    ? addressOrHost.slice(addressOrHost.lastIndexOf('@') + 1)
    : addressOrHost;
  return getDomain(host.trim().toLowerCase(), { allowPrivateDomains: false }) ?? '';
}

// Consumer mailbox providers: an address there says nothing about a company.
// Registrable domains, lower case.
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.it',
  'hotmail.es',
  'live.com',
  'live.cn',
  'live.co.uk',
  'live.fr',
  'msn.com',
  'windowslive.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.co.in',
  'yahoo.co.jp',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.es',
  'yahoo.it',
  'yahoo.com.br',
  'yahoo.com.cn',
  'yahoo.com.hk',
  'yahoo.com.tw',
  'ymail.com',
  'rocketmail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'tutanota.com',
  'zoho.com',
  'zohomail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'web.de',
  'mail.com',
  'email.com',
  'yandex.com',
  'yandex.ru',
  'ya.ru',
  'mail.ru',
  'bk.ru',
  'inbox.ru',
  'list.ru',
  'rambler.ru',
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'sina.cn',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'naver.com',
  'daum.net',
  'hanmail.net',
  'rediffmail.com',
  'libero.it',
  'virgilio.it',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'sfr.fr',
  't-online.de',
  'freenet.de',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'onet.pl',
  'interia.pl',
  'bol.com.br',
  'uol.com.br',
  'terra.com.br',
  'btinternet.com',
  'sky.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'cox.net',
  'bigpond.com',
  'optusnet.com.au',
  'shaw.ca',
  'rogers.com',
  'hushmail.com',
  'fastmail.com',
  'gmx.fr',
  'inbox.com',
]);

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(domain.toLowerCase());
}

/** A company name guessed from a domain: "acme-tools.co.uk" → "Acme Tools". */
export function companyNameFromDomain(domain: string): string {
  const label = domain.split('.')[0] ?? domain;
  return label
    .split(/[-_]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

import { describe, expect, it } from 'vitest';
import { ipInCidr, isPublicIp, parseIp } from './ip';

const pub = (text: string) => {
  const ip = parseIp(text);
  if (!ip) throw new Error(`unparsed: ${text}`);
  return isPublicIp(ip);
};

describe('IP parsing', () => {
  it('reads IPv4, IPv6 (compressed, embedded IPv4, zone, IPv6: prefix) and IPv4-mapped addresses', () => {
    expect(parseIp('93.200.161.178')).toMatchObject({ version: 4, text: '93.200.161.178' });
    expect(parseIp('[IPv6:2607:f8b0:4864:20::102f]')).toMatchObject({ version: 6 });
    expect(parseIp('fe80::1%eth0')).toMatchObject({ version: 6 });
    expect(parseIp('::ffff:41.190.3.20')).toMatchObject({ version: 4, text: '41.190.3.20' });
    expect(parseIp('2001:db8::1.2.3.4')).toMatchObject({ version: 6 });
  });

  it('rejects malformed addresses', () => {
    for (const bad of [
      '256.1.1.1',
      '1.2.3',
      '01.2.3.4',
      '1::2::3',
      '12345::',
      'g::1',
      '',
      '1.2.3.4.5',
      ':::',
    ]) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });
});

describe('public or not', () => {
  it('skips private, loopback, link-local, CGNAT and documentation space', () => {
    for (const ip of [
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.20',
      '127.0.0.1',
      '169.254.10.10',
      '100.64.0.1',
      '100.127.255.254',
      '192.0.2.10',
      '198.51.100.7',
      '203.0.113.99',
      '::1',
      'fe80::1',
      'fd12:3456::1',
      '2001:db8::1',
      '2002:a05:6a10::1',
    ]) {
      expect(pub(ip), ip).toBe(false);
    }
  });

  it('keeps real senders', () => {
    for (const ip of ['100.63.255.255', '100.128.0.1', '41.190.3.20', '8.8.8.8', '2a02:8108::1', '240e::1']) {
      expect(pub(ip), ip).toBe(true);
    }
  });

  it('matches CIDR blocks for both families', () => {
    expect(ipInCidr(parseIp('209.85.220.41')!, '209.85.128.0/17')).toBe(true);
    expect(ipInCidr(parseIp('209.86.0.1')!, '209.85.128.0/17')).toBe(false);
    expect(ipInCidr(parseIp('2607:f8b0:4864:20::102f')!, '2607:f8b0::/32')).toBe(true);
    expect(ipInCidr(parseIp('2607:f8b1::1')!, '2607:f8b0::/32')).toBe(false);
    expect(ipInCidr(parseIp('8.8.8.8')!, '2607:f8b0::/32')).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createIpDatabaseLoader, encodeIpDatabase, IPDB_FILE, loadIpDatabase } from './ipdb';

const shipped = () => loadIpDatabase(readFileSync(join(import.meta.dirname, '../../public', IPDB_FILE)));

describe('IP database format', () => {
  const db = loadIpDatabase(
    encodeIpDatabase({
      source: 'test',
      builtAt: Date.UTC(2026, 0, 1),
      ipv4: [
        { start: 0, country: '' },
        { start: 0x08080800, country: 'US' },
        { start: 0x08080900, country: '' },
        { start: 0x29000000, country: 'NG' },
        { start: 0x2a000000, country: '' },
      ],
      ipv6: [
        { hi: 0, lo: 0, country: '' },
        { hi: 0x20030000, lo: 0, country: 'DE' },
        { hi: 0x20040000, lo: 0, country: '' },
      ],
    }),
  );

  it('finds the range an address falls in, at both edges, and nothing in gaps', () => {
    expect(db.lookup('8.8.8.0')).toEqual({ country: 'US' });
    expect(db.lookup('8.8.8.255')).toEqual({ country: 'US' });
    expect(db.lookup('8.8.9.0')).toBeNull();
    expect(db.lookup('41.255.255.255')).toEqual({ country: 'NG' });
    expect(db.lookup('2003:e1:ff00::1')).toEqual({ country: 'DE' });
    expect(db.lookup('2004::1')).toBeNull();
    expect(db.lookup('not an ip')).toBeNull();
    expect(db.meta).toMatchObject({ source: 'test', ipv4Boundaries: 5, ipv6Boundaries: 3 });
  });

  it('refuses a truncated or foreign file instead of answering wrongly', () => {
    const bytes = encodeIpDatabase({
      source: 't',
      builtAt: 0,
      ipv4: [{ start: 0, country: 'US' }],
      ipv6: [],
    });
    expect(() => loadIpDatabase(bytes.slice(0, bytes.length - 4))).toThrow();
    expect(() => loadIpDatabase(new Uint8Array(64))).toThrow();
  });

  it('loads from a misaligned view (a Node Buffer slice)', () => {
    const bytes = encodeIpDatabase({
      source: 't',
      builtAt: 0,
      ipv4: [{ start: 0, country: 'US' }],
      ipv6: [],
    });
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes, 1);
    expect(loadIpDatabase(padded.subarray(1)).lookup('1.2.3.4')).toEqual({ country: 'US' });
  });
});

describe('the shipped database', () => {
  const db = shipped();
  it.each([
    ['8.8.8.8', 'US'],
    ['80.128.0.1', 'DE'],
    ['114.114.114.114', 'CN'],
    ['41.58.0.1', 'NG'],
    ['2001:4860:4860::8888', 'US'],
    ['2003::1', 'DE'],
    ['240e::1', 'CN'],
  ])('places %s in %s', (ip, country) => {
    expect(db.lookup(ip)?.country).toBe(country);
  });

  it('leaves APNIC filler ranges without a country rather than calling them Australian', () => {
    expect(db.lookup('2001:da8::1')).toBeNull();
  });

  it('names its source', () => {
    expect(db.meta.source).toMatch(/^geo-whois-asn-country /);
    expect(db.meta.builtAt).toBeGreaterThan(Date.UTC(2025, 0, 1));
  });
});

describe('createIpDatabaseLoader', () => {
  const bytes = () =>
    encodeIpDatabase({ source: 't', builtAt: 0, ipv4: [{ start: 0, country: 'US' }], ipv6: [] });

  it('fetches once and shares the loaded table', async () => {
    let fetches = 0;
    const load = createIpDatabaseLoader(async () => {
      fetches += 1;
      return bytes();
    });
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(a?.lookup('1.2.3.4')).toEqual({ country: 'US' });
    expect(fetches).toBe(1);
  });

  it('answers null on a failed fetch and tries again next time', async () => {
    let fail = true;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const load = createIpDatabaseLoader(async () => {
      if (fail) throw new Error('offline');
      return bytes();
    });
    expect(await load()).toBeNull();
    fail = false;
    expect(await load()).not.toBeNull();
    warn.mockRestore();
  });
});

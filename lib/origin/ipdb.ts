import { parseIp, type ParsedIp } from './ip';

// The offline IP-to-country table shipped in public/ipdb/. Our own compact
// format so it loads straight into typed arrays in the service worker (no
// Buffer, no parser) and is looked up with a binary search:
//
//   header (64 bytes, little-endian)
//     0  "IPDB"            magic
//     4  u16 version (1), u16 reserved
//     8  u32 IPv4 boundary count      12  u32 IPv6 boundary count
//     16 u32 country count            20  u32 build time (Unix seconds)
//     24 40 bytes ASCII source label, zero padded
//   country codes, 2 ASCII bytes each (index 0 = no country), padded to 4
//   IPv4: u32 range starts (sorted), then u8 country index each, padded to 4
//   IPv6: u32 high and u32 low halves of the /64 prefix where each range
//         starts (sorted), then u8 country index each, padded to 4
//
// Ranges are stored as boundaries: a range runs until the next boundary, and
// unallocated space is a boundary with country index 0. IPv6 is resolved per
// /64 (one site): the few source ranges narrower than a /64 fold into it.

export const IPDB_FILE = 'ipdb/country.bin';
const MAGIC = 0x42445049; // "IPDB" read as a little-endian u32
const VERSION = 1;
const HEADER_BYTES = 64;

export interface IpDatabaseMeta {
  source: string;
  builtAt: number;
  ipv4Boundaries: number;
  ipv6Boundaries: number;
}

export interface IpDatabase {
  lookup(ip: string): { country: string } | null;
  /** Same as lookup, for an address already parsed. */
  lookupParsed(ip: ParsedIp): { country: string } | null;
  meta: IpDatabaseMeta;
}

export interface IpDatabaseContent {
  source: string;
  builtAt: number;
  /** Sorted range starts with their country ('' for unallocated space). */
  ipv4: ReadonlyArray<{ start: number; country: string }>;
  /** Sorted /64 prefixes (high and low u32) where a range starts. */
  ipv6: ReadonlyArray<{ hi: number; lo: number; country: string }>;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** Serialises a table in the format above (used by scripts/ipdb/build.ts and tests). */
export function encodeIpDatabase(content: IpDatabaseContent): Uint8Array {
  const countries = [''];
  const index = new Map<string, number>([['', 0]]);
  const codeOf = (country: string) => {
    let i = index.get(country);
    if (i === undefined) {
      if (!/^[A-Z]{2}$/.test(country)) throw new Error(`not a country code: ${country}`);
      i = countries.length;
      countries.push(country);
      index.set(country, i);
      if (i > 255) throw new Error('more than 255 countries');
    }
    return i;
  };
  const v4Codes = content.ipv4.map((r) => codeOf(r.country));
  const v6Codes = content.ipv6.map((r) => codeOf(r.country));
  const n4 = content.ipv4.length;
  const n6 = content.ipv6.length;
  const size = HEADER_BYTES + pad4(countries.length * 2) + n4 * 4 + pad4(n4) + n6 * 8 + pad4(n6);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, VERSION, true);
  view.setUint32(8, n4, true);
  view.setUint32(12, n6, true);
  view.setUint32(16, countries.length, true);
  view.setUint32(20, Math.floor(content.builtAt / 1000), true);
  const label = content.source.slice(0, 40);
  for (let i = 0; i < label.length; i++) bytes[24 + i] = label.charCodeAt(i) & 0x7f;
  let at = HEADER_BYTES;
  for (const code of countries) {
    bytes[at] = code.charCodeAt(0) || 0;
    bytes[at + 1] = code.charCodeAt(1) || 0;
    at += 2;
  }
  at = HEADER_BYTES + pad4(countries.length * 2);
  for (const r of content.ipv4) {
    view.setUint32(at, r.start >>> 0, true);
    at += 4;
  }
  bytes.set(v4Codes, at);
  at += pad4(n4);
  for (const r of content.ipv6) {
    view.setUint32(at, r.hi >>> 0, true);
    at += 4;
  }
  for (const r of content.ipv6) {
    view.setUint32(at, r.lo >>> 0, true);
    at += 4;
  }
  bytes.set(v6Codes, at);
  return bytes;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Reads the table into typed arrays over the given bytes (copied once if misaligned). */
export function loadIpDatabase(input: ArrayBuffer | Uint8Array): IpDatabase {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  if (bytes.byteLength < HEADER_BYTES) throw new Error('IP database too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC || view.getUint16(4, true) !== VERSION) {
    throw new Error('not an IP database of this version');
  }
  const n4 = view.getUint32(8, true);
  const n6 = view.getUint32(12, true);
  const nc = view.getUint32(16, true);
  const builtAt = view.getUint32(20, true) * 1000;
  let source = '';
  for (let i = 24; i < 64 && bytes[i]; i++) source += String.fromCharCode(bytes[i] ?? 0);
  const expected = HEADER_BYTES + pad4(nc * 2) + n4 * 4 + pad4(n4) + n6 * 8 + pad4(n6);
  if (bytes.byteLength !== expected || nc > 256) throw new Error('IP database is truncated or corrupt');

  const countries: string[] = [];
  for (let i = 0; i < nc; i++) {
    const a = bytes[HEADER_BYTES + i * 2] ?? 0;
    const b = bytes[HEADER_BYTES + i * 2 + 1] ?? 0;
    countries.push(a ? String.fromCharCode(a, b) : '');
  }
  if (!littleEndian) throw new Error('big-endian hosts are not supported');
  let at = bytes.byteOffset + HEADER_BYTES + pad4(nc * 2);
  const v4Starts = new Uint32Array(bytes.buffer, at, n4);
  at += n4 * 4;
  const v4Codes = new Uint8Array(bytes.buffer, at, n4);
  at += pad4(n4);
  const v6Hi = new Uint32Array(bytes.buffer, at, n6);
  at += n6 * 4;
  const v6Lo = new Uint32Array(bytes.buffer, at, n6);
  at += n6 * 4;
  const v6Codes = new Uint8Array(bytes.buffer, at, n6);

  const answer = (code: number | undefined) => {
    const country = countries[code ?? 0];
    return country ? { country } : null;
  };

  const lookupParsed = (ip: ParsedIp): { country: string } | null => {
    if (ip.version === 4) {
      // Last boundary <= value.
      let lo = 0;
      let hi = n4 - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if ((v4Starts[mid] ?? 0) <= ip.value) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? null : answer(v4Codes[found]);
    }
    const keyHi = (((ip.groups[0] ?? 0) << 16) | (ip.groups[1] ?? 0)) >>> 0;
    const keyLo = (((ip.groups[2] ?? 0) << 16) | (ip.groups[3] ?? 0)) >>> 0;
    let lo = 0;
    let hi = n6 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const h = v6Hi[mid] ?? 0;
      if (h < keyHi || (h === keyHi && (v6Lo[mid] ?? 0) <= keyLo)) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? null : answer(v6Codes[found]);
  };

  return {
    lookupParsed,
    lookup(text: string) {
      const ip = parseIp(text);
      return ip ? lookupParsed(ip) : null;
    },
    meta: { source, builtAt, ipv4Boundaries: n4, ipv6Boundaries: n6 },
  };
}

/**
 * Loads the table once and shares it: the background passes how to fetch the
 * bytes (`() => fetch(browser.runtime.getURL('/ipdb/country.bin')).then((r) => r.arrayBuffer())`),
 * Node passes a file read. A failed load gives null (origin then shows IPs
 * without a country) and is retried on the next call.
 */
export function createIpDatabaseLoader(
  fetchBytes: () => Promise<ArrayBuffer | Uint8Array>,
): () => Promise<IpDatabase | null> {
  let pending: Promise<IpDatabase | null> | null = null;
  return () => {
    pending ??= fetchBytes()
      .then(loadIpDatabase)
      .catch((error: unknown) => {
        console.warn('IP database not loaded:', error);
        pending = null;
        return null;
      });
    return pending;
  };
}

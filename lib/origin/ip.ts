// IP address parsing and classification, strict and allocation-free enough to
// run on every Received line. Header text is hostile: anything that is not a
// well-formed address is rejected, never guessed at.

export type ParsedIp =
  | { version: 4; value: number; text: string }
  /** Eight 16-bit groups, most significant first. */
  | { version: 6; groups: readonly number[]; text: string };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 32-bit unsigned value of a dotted quad, or null. */
export function parseIpv4(text: string): number | null {
  if (text.length > 15 || !IPV4.test(text)) return null;
  let value = 0;
  for (const part of text.split('.')) value = value * 256 + Number(part);
  return value;
}

/** Eight 16-bit groups of an IPv6 address (with optional embedded IPv4 and zone), or null. */
export function parseIpv6(input: string): number[] | null {
  let text = input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text.length < 2 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  if (text.includes('.')) {
    // An embedded dotted quad (::ffff:1.2.3.4) stands for the last two groups.
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length;
  if (halves.length === 2) {
    if (known > 7) return null;
    return [...head, ...new Array<number>(8 - known).fill(0), ...rest];
  }
  return known === 8 ? head : null;
}

/** Parses an address as found in headers: bare, in brackets, or with an "IPv6:" prefix. */
export function parseIp(raw: string): ParsedIp | null {
  let text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (/^ipv6:/i.test(text)) text = text.slice(5);
  const v4 = parseIpv4(text);
  if (v4 !== null) return { version: 4, value: v4, text };
  const groups = parseIpv6(text);
  if (!groups) return null;
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 host itself.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const value = (groups[6] ?? 0) * 65536 + (groups[7] ?? 0);
    return { version: 4, value, text: ipv4ToText(value) };
  }
  return { version: 6, groups, text: text.toLowerCase() };
}

export function ipv4ToText(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

// [first address, prefix length] of every IPv4 block that is not a public host
// on the Internet (RFC 6890 special-purpose registry, plus multicast/reserved).
const V4_SPECIAL: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const V4_SPECIAL_RANGES = V4_SPECIAL.map(([base, bits]) => {
  const start = parseIpv4(base) ?? 0;
  return [start, start + 2 ** (32 - bits) - 1] as const;
});

/** Whether an address can be a real sender on the Internet (not private, loopback, CGNAT, documentation...). */
export function isPublicIp(ip: ParsedIp): boolean {
  if (ip.version === 4) return !V4_SPECIAL_RANGES.some(([s, e]) => ip.value >= s && ip.value <= e);
  const g = ip.groups;
  const g0 = g[0] ?? 0;
  const g1 = g[1] ?? 0;
  if (g.every((x) => x === 0)) return false; // unspecified
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return false; // loopback
  if (g0 === 0x64 && g1 === 0xff9b) return false; // NAT64 (the real host is the embedded IPv4)
  if (g0 === 0x100 && g1 === 0 && g[2] === 0 && g[3] === 0) return false; // discard-only
  if (g0 === 0x2001 && g1 < 0x200) return false; // IETF protocol assignments (Teredo, ORCHID...)
  if (g0 === 0x2001 && g1 === 0xdb8) return false; // documentation
  if (g0 === 0x2002) return false; // 6to4: the 16-bit prefix wraps an IPv4 host, often private (Google's internal 2002:a05:...)
  if ((g0 & 0xfff0) === 0x3ff0) return false; // documentation 3fff::/20
  if ((g0 & 0xfe00) === 0xfc00) return false; // unique local
  if ((g0 & 0xffc0) === 0xfe80) return false; // link-local
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  return (g0 & 0xe000) === 0x2000; // only 2000::/3 is allocated as global unicast
}

/** A CIDR block, parsed once. */
export interface IpBlock {
  net: ParsedIp;
  bits: number;
}

/** Parses "209.85.128.0/17" or "2607:f8b0::/32", or null. */
export function parseCidr(cidr: string): IpBlock | null {
  const [base, bitsText] = cidr.split('/');
  const net = parseIp(base ?? '');
  const bits = Number(bitsText);
  if (!net || !Number.isInteger(bits) || bits < 0 || bits > (net.version === 4 ? 32 : 128)) return null;
  return { net, bits };
}

/** Whether the address falls in a CIDR block given as text ("209.85.128.0/17", "2607:f8b0::/32"). */
export function ipInCidr(ip: ParsedIp, cidr: string): boolean {
  const block = parseCidr(cidr);
  return !!block && ipInBlock(ip, block);
}

/** Whether the address falls in a parsed block. */
export function ipInBlock(ip: ParsedIp, { net, bits }: IpBlock): boolean {
  if (net.version !== ip.version) return false;
  if (ip.version === 4 && net.version === 4) {
    if (bits === 0) return true;
    const size = 2 ** (32 - bits);
    return Math.floor(ip.value / size) === Math.floor(net.value / size);
  }
  if (ip.version === 6 && net.version === 6) {
    let left = bits;
    for (let i = 0; i < 8 && left > 0; i++, left -= 16) {
      const take = Math.min(16, left);
      const mask = (0xffff << (16 - take)) & 0xffff;
      if (((ip.groups[i] ?? 0) & mask) !== ((net.groups[i] ?? 0) & mask)) return false;
    }
    return true;
  }
  return false;
}

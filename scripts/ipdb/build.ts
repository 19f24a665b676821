// Regenerates public/ipdb/country.bin from the installed npm package
// @ip-location-db/geo-whois-asn-country (country per range from GeoFeed, RIR
// whois and RIR ASN data; the NRO data is CC BY 4.0, attribution to nro.net).
//
//   npx tsx scripts/ipdb/build.ts
//
// Deterministic: the build time stored in the file is the package's data date,
// so the same package version always gives the same bytes. The build fails if a
// well-known allocation comes out wrong (the npm data has known errors).
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { encodeIpDatabase, loadIpDatabase, type IpDatabaseContent } from '../../lib/origin/ipdb';

const PACKAGE = '@ip-location-db/geo-whois-asn-country';
const OUT_DIR = join(import.meta.dirname, '../../public/ipdb');

/** Well-known allocations every build must get right. */
export const SPOT_CHECKS: ReadonlyArray<readonly [string, string]> = [
  ['8.8.8.8', 'US'], // Google public DNS
  ['193.0.6.139', 'NL'], // RIPE NCC, Amsterdam
  ['80.128.0.1', 'DE'], // Deutsche Telekom dial-up pool (p5080....dip0.t-ipconnect.de)
  ['217.0.0.1', 'DE'], // Deutsche Telekom
  ['114.114.114.114', 'CN'], // China Unicom/114DNS
  ['223.5.5.5', 'CN'], // Alibaba public DNS
  ['41.58.0.1', 'NG'], // Nigeria (Globacom)
  ['2001:4860:4860::8888', 'US'], // Google public DNS over IPv6
  ['2003::1', 'DE'], // Deutsche Telekom IPv6
  ['240e::1', 'CN'], // China Telecom IPv6
  ['2001:8000::1', 'AU'], // Telstra IPv6: a real AU allocation survives the filler rule
];
/** Addresses the source data gets wrong that must come out without a country rather than a wrong one. */
export const NO_COUNTRY_CHECKS: readonly string[] = ['2001:da8::1' /* CERNET, listed AU in the data */];

async function* rows(file: string): AsyncGenerator<[string, string, string]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const [start, end, country] = line.split(',');
    if (start && end && country) yield [start, end, country.trim()];
  }
}

/** How many CIDR blocks make up the inclusive range (counting stops at 64). */
function cidrBlocks(start: bigint, end: bigint): number {
  let count = 0;
  for (let at = start; at <= end && count < 64; count++) {
    let size = 1n;
    while (at % (size * 2n) === 0n && at + size * 2n - 1n <= end) size *= 2n;
    at += size;
  }
  return count;
}

async function build(): Promise<void> {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve(`${PACKAGE}/package.json`));
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  // Versions look like 2.3.YYYYMMDDHH: the data's date.
  const stamp = /(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(pkg.version);
  const builtAt = stamp ? Date.UTC(+stamp[1]!, +stamp[2]! - 1, +stamp[3]!, +stamp[4]!) : 0;

  const ipv4: { start: number; country: string }[] = [];
  let nextV4 = 0; // first address not yet covered
  for await (const [s, e, country] of rows(join(pkgDir, 'geo-whois-asn-country-ipv4-num.csv'))) {
    const start = Number(s);
    const end = Number(e);
    if (end < nextV4) continue;
    const from = Math.max(start, nextV4);
    if (from > nextV4) ipv4.push({ start: nextV4, country: '' });
    if (ipv4.at(-1)?.country !== country) ipv4.push({ start: from, country });
    nextV4 = end + 1;
  }
  if (nextV4 <= 0xffffffff) ipv4.push({ start: nextV4, country: '' });

  const ipv6: { hi: number; lo: number; country: string }[] = [];
  const push6 = (prefix: bigint, country: string) => {
    if (ipv6.at(-1)?.country === country) return;
    ipv6.push({ hi: Number(prefix >> 32n), lo: Number(prefix & 0xffffffffn), country });
  };
  let nextV6 = 0n; // first /64 not yet covered
  let folded = 0;
  let apnicFiller = 0;
  for await (const [s, e, listed] of rows(join(pkgDir, 'geo-whois-asn-country-ipv6-num.csv'))) {
    const start = BigInt(s) >> 64n;
    const end = BigInt(e) >> 64n;
    // Known error in this data: the gaps between APNIC allocations carry APNIC's
    // own country (AU), e.g. CERNET's 2001:da8::/32 comes out Australian. Real
    // allocations are one or a few CIDR blocks; a filler range spans many.
    const filler = listed === 'AU' && cidrBlocks(BigInt(s), BigInt(e)) >= 6;
    if (filler) apnicFiller += 1;
    const country = filler ? '' : listed;
    if (end < nextV6) {
      folded += 1; // narrower than the /64 it shares with an earlier range
      continue;
    }
    const from = start > nextV6 ? start : nextV6;
    if (from > nextV6) push6(nextV6, '');
    push6(from, country);
    nextV6 = end + 1n;
  }
  if (nextV6 < 1n << 64n) push6(nextV6, '');

  const content: IpDatabaseContent = {
    source: `${PACKAGE.split('/')[1]} ${pkg.version}`,
    builtAt,
    ipv4,
    ipv6,
  };
  const bytes = encodeIpDatabase(content);
  const db = loadIpDatabase(bytes);
  const wrong: Array<readonly [string, string]> = SPOT_CHECKS.filter(
    ([ip, country]) => db.lookup(ip)?.country !== country,
  );
  for (const [ip, country] of SPOT_CHECKS) {
    console.log(`${ip.padEnd(22)} ${db.lookup(ip)?.country ?? '--'} (expected ${country})`);
  }
  for (const ip of NO_COUNTRY_CHECKS) {
    console.log(`${ip.padEnd(22)} ${db.lookup(ip)?.country ?? '--'} (expected --)`);
    if (db.lookup(ip)) wrong.push([ip, '']);
  }
  if (wrong.length) throw new Error(`spot checks failed: ${wrong.map(([ip]) => ip).join(', ')}`);

  const out = join(OUT_DIR, 'country.bin');
  writeFileSync(out, bytes);
  writeFileSync(
    join(OUT_DIR, 'SOURCE.txt'),
    [
      `Built from the npm package ${PACKAGE} ${pkg.version} (data of ${new Date(builtAt).toISOString().slice(0, 10)}).`,
      'Country per IP range merged from GeoFeed, RIR whois and RIR ASN data (https://github.com/sapics/ip-location-db).',
      'Package licence: CC0-1.0. RIR data: Creative Commons Attribution 4.0 International, Number Resource Organization (https://www.nro.net/).',
      'Format: see lib/origin/ipdb.ts. Rebuild: npx tsx scripts/ipdb/build.ts',
      '',
    ].join('\n'),
  );
  console.log(
    `wrote ${out}: ${statSync(out).size} bytes, ${ipv4.length} IPv4 and ${ipv6.length} IPv6 boundaries, ${folded} sub-/64 IPv6 ranges folded, ${apnicFiller} APNIC filler ranges left without a country`,
  );
}

await build();

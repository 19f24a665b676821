// Figures for the origin lookup (printed, not asserted):
//   npx tsx scripts/bench-origin.ts
// lookup time per IP over random IPv4 and IPv6 addresses, database load time,
// file size, and origin + risk time for one email.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseRawMessage } from '../lib/mail/parse';
import { ipv4ToText } from '../lib/origin/ip';
import { IPDB_FILE, loadIpDatabase } from '../lib/origin/ipdb';
import { computeOrigin } from '../lib/origin/origin';
import { computeRisk } from '../lib/risk/risk';

const ROOT = join(import.meta.dirname, '..');
const file = join(ROOT, 'public', IPDB_FILE);
const LOOKUPS = 200_000;

// A fixed-seed generator so runs compare.
let seed = 0x2f6b1d3;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed;
};

const t0 = performance.now();
const bytes = readFileSync(file);
let db = loadIpDatabase(bytes);
const coldMs = performance.now() - t0;
const loads: number[] = [];
for (let i = 0; i < 20; i++) {
  const copy = new Uint8Array(bytes); // a fresh buffer, as a fetch() gives
  const t = performance.now();
  db = loadIpDatabase(copy);
  loads.push(performance.now() - t);
}
loads.sort((a, b) => a - b);

const v4 = Array.from({ length: LOOKUPS }, () => ipv4ToText(random()));
// IPv6 in the blocks the RIRs actually hand out (most of 2000::/3 is still empty).
const V6_BLOCKS = [
  '2001',
  '2003',
  '2400',
  '2401',
  '2402',
  '2404',
  '2405',
  '2406',
  '2408',
  '2409',
  '240e',
  '2600',
  '2601',
  '2602',
  '2603',
  '2604',
  '2605',
  '2606',
  '2607',
  '2800',
  '2801',
  '2803',
  '2804',
  '2a00',
  '2a01',
  '2a02',
  '2a03',
  '2a04',
  '2a05',
  '2a06',
  '2a0a',
  '2c0f',
];
const v6 = Array.from(
  { length: LOOKUPS },
  () =>
    `${V6_BLOCKS[random() % V6_BLOCKS.length]}:${(random() & 0xffff).toString(16)}:${(random() & 0xffff).toString(16)}::1`,
);

function time(addresses: string[]): { perLookupUs: number; found: number } {
  let found = 0;
  for (const ip of addresses.slice(0, 10_000)) if (db.lookup(ip)) found++; // warm up
  found = 0;
  const t = performance.now();
  for (const ip of addresses) if (db.lookup(ip)) found++;
  return { perLookupUs: ((performance.now() - t) * 1000) / addresses.length, found };
}
const r4 = time(v4);
const r6 = time(v6);

const raw = readFileSync(join(ROOT, 'test/fixtures/eml/foxmail-nigeria-claims-uk.eml'), 'utf8');
const { headers, inquiry } = await parseRawMessage(raw);
const context = { firstContact: true, domainSeenBefore: false, knownCompanyDomains: ['acme-trade.com'] };
for (let i = 0; i < 200; i++)
  computeRisk({ inquiry, origin: computeOrigin({ headers, inquiry, ipdb: db }), ...context });
const runs = 2000;
let t = performance.now();
for (let i = 0; i < runs; i++)
  computeRisk({ inquiry, origin: computeOrigin({ headers, inquiry, ipdb: db }), ...context });
const originRiskMs = (performance.now() - t) / runs;
t = performance.now();
for (let i = 0; i < 200; i++) await parseRawMessage(raw);
const parseMs = (performance.now() - t) / 200;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
console.log(`IP database          ${IPDB_FILE}: ${mb(statSync(file).size)} (${db.meta.source})`);
console.log(
  `                     ${db.meta.ipv4Boundaries} IPv4 + ${db.meta.ipv6Boundaries} IPv6 range boundaries`,
);
console.log(`read file + load      ${coldMs.toFixed(2)} ms (first load, file read included)`);
console.log(
  `load from memory     median ${loads[10]?.toFixed(2)} ms, worst ${loads.at(-1)?.toFixed(2)} ms (20 loads)`,
);
console.log(
  `lookup IPv4          ${r4.perLookupUs.toFixed(3)} µs per IP over ${LOOKUPS} random addresses (${r4.found} with a country)`,
);
console.log(
  `lookup IPv6          ${r6.perLookupUs.toFixed(3)} µs per IP over ${LOOKUPS} random addresses in allocated blocks (${r6.found} with a country)`,
);
console.log(`parse one .eml       ${parseMs.toFixed(3)} ms (postal-mime)`);
console.log(`origin + risk        ${originRiskMs.toFixed(3)} ms per email (parsed headers in hand)`);

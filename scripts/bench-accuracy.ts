// Figures for the origin and risk rules on the whole .eml corpus (issue 15), printed, not asserted:
//   npx tsx scripts/bench-accuracy.ts [--smoke]
// Per header shape (a case's `shape` in test/fixtures/eml/expected.json, else the shape its file
// name says): origin accuracy (the IP and the country against the expected ones) and risk-level
// accuracy; then the precision and recall of "high" against a person's scam judgement (`scam`),
// which is independent of the rules. The last line is JSON ({"figures": [...]}) for the benchmark
// harness (scripts/bench/scripts.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRawMessage } from '../lib/mail/parse';
import { IPDB_FILE, loadIpDatabase } from '../lib/origin/ipdb';
import { computeOrigin } from '../lib/origin/origin';
import { computeRisk } from '../lib/risk/risk';

const ROOT = join(import.meta.dirname, '..');
const DIR = join(ROOT, 'test/fixtures/eml');

interface Case {
  file: string;
  shape?: string;
  scam?: boolean;
  context?: Partial<Context>;
  expect: { country: string | null; ip: string | null; level: string };
}
interface Context {
  firstContact: boolean;
  domainSeenBefore: boolean;
  knownCompanyDomains: string[];
}

/** The header shape a case stands for, from its file name when the manifest does not say. */
export function shapeOf(c: Pick<Case, 'file' | 'shape'>): string {
  if (c.shape) return c.shape;
  const f = c.file;
  const rules: [RegExp, string][] = [
    [/^(gmail|googlemail)-/, 'gmail'],
    [/^(outlook-com|exchange-online)/, 'microsoft'],
    [/^(yahoo|icloud|aliyun|alibaba)/, 'other free-mail provider'],
    [/^(qq|foxmail|netease|tencent)/, 'chinese provider'],
    [/^(postfix|corporate|exchange-onprem|korean|russian|arabic|ipv6)/, 'company server'],
    [/^hosted-webmail/, 'hosting-webmail'],
    [/^(forged|documentation|no-received)/, 'forged or bare chain'],
    [/^lookalike/, 'look-alike domain'],
    [/^vpn/, 'vpn-exit'],
  ];
  return rules.find(([re]) => re.test(f))?.[1] ?? 'other';
}

const manifest = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  defaults: { context: Context };
  cases: Case[];
};
const ipdb = loadIpDatabase(readFileSync(join(ROOT, 'public', IPDB_FILE)));
const files = new Set(readdirSync(DIR).filter((f) => f.endsWith('.eml')));

interface Tally {
  cases: number;
  ip: number;
  country: number;
  level: number;
}
const byShape = new Map<string, Tally>();
const total: Tally = { cases: 0, ip: 0, country: 0, level: 0 };
let truePositive = 0;
let falsePositive = 0;
let falseNegative = 0;
const misses: string[] = [];

for (const c of manifest.cases) {
  if (!files.has(c.file)) continue;
  const { headers, inquiry } = await parseRawMessage(readFileSync(join(DIR, c.file), 'utf8'));
  const origin = computeOrigin({ headers, inquiry, ipdb });
  const risk = computeRisk({ inquiry, origin, ...manifest.defaults.context, ...c.context });
  const shape = shapeOf(c);
  const tally = byShape.get(shape) ?? { cases: 0, ip: 0, country: 0, level: 0 };
  byShape.set(shape, tally);
  const ipRight = (origin.ip ?? null) === c.expect.ip;
  const countryRight = (origin.country ?? null) === c.expect.country;
  const levelRight = risk.level === c.expect.level;
  for (const t of [tally, total]) {
    t.cases += 1;
    t.ip += Number(ipRight);
    t.country += Number(countryRight);
    t.level += Number(levelRight);
  }
  if (!ipRight || !countryRight || !levelRight)
    misses.push(
      `${c.file}: ip ${origin.ip ?? '-'} (want ${c.expect.ip ?? '-'}), country ${origin.country ?? '-'} (want ${c.expect.country ?? '-'}), level ${risk.level} (want ${c.expect.level})`,
    );
  if (c.scam !== undefined) {
    const high = risk.level === 'high';
    if (high && c.scam) truePositive += 1;
    else if (high) falsePositive += 1;
    else if (c.scam) falseNegative += 1;
  }
}

const pct = (n: number, d: number) => (d ? (100 * n) / d : 0);
const lines = [`Origin and risk on the .eml corpus: ${total.cases} cases`, ''];
lines.push('shape                        cases   IP right   country right   risk level right');
for (const [shape, t] of [...byShape].sort((a, b) => a[0].localeCompare(b[0]))) {
  lines.push(
    `${shape.padEnd(28)} ${String(t.cases).padStart(5)}   ${pct(t.ip, t.cases).toFixed(0).padStart(6)}%   ${pct(t.country, t.cases).toFixed(0).padStart(11)}%   ${pct(t.level, t.cases).toFixed(0).padStart(14)}%`,
  );
}
lines.push(
  `${'all'.padEnd(28)} ${String(total.cases).padStart(5)}   ${pct(total.ip, total.cases).toFixed(1).padStart(6)}%   ${pct(total.country, total.cases).toFixed(1).padStart(11)}%   ${pct(total.level, total.cases).toFixed(1).padStart(14)}%`,
);
const precision = pct(truePositive, truePositive + falsePositive);
const recall = pct(truePositive, truePositive + falseNegative);
lines.push(
  '',
  `"high" against the scam judgement: precision ${precision.toFixed(1)}% (${truePositive} of ${truePositive + falsePositive} rated high are scams), recall ${recall.toFixed(1)}% (${truePositive} of ${truePositive + falseNegative} scams rated high)`,
);
if (misses.length) lines.push('', 'Cases off their expected answer:', ...misses.map((m) => `  ${m}`));
console.log(lines.join('\n'));
const figures = [
  {
    id: 'accuracy.origin.ip',
    label: 'Origin accuracy, IP (.eml corpus)',
    value: pct(total.ip, total.cases),
    unit: '%',
  },
  {
    id: 'accuracy.origin.country',
    label: 'Origin accuracy, country (.eml corpus)',
    value: pct(total.country, total.cases),
    unit: '%',
  },
  {
    id: 'accuracy.risk.level',
    label: 'Risk level accuracy (.eml corpus)',
    value: pct(total.level, total.cases),
    unit: '%',
  },
  {
    id: 'accuracy.risk.high.precision',
    label: 'Precision of "high" against scams',
    value: precision,
    unit: '%',
  },
  { id: 'accuracy.risk.high.recall', label: 'Recall of "high" against scams', value: recall, unit: '%' },
  ...[...byShape].map(([shape, t]) => ({
    id: `accuracy.shape.${shape.replace(/\W+/g, '-')}`,
    label: `  ${shape}: IP / country / level right (${t.cases} cases)`,
    value: pct(t.ip + t.country + t.level, 3 * t.cases),
    unit: '%',
  })),
];
console.log(JSON.stringify({ figures }));

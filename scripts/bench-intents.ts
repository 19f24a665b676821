// Intent accuracy of the inquiry reader (lib/reading) on the labelled evaluation
// set, test/fixtures/intents/*.jsonl: every inquiry in en, zh, es, pt, de, fr,
// ru and ar with its main intent, every intent it carries, and the labeller's
// reasoning. Prints recall and precision per intent (goal ≥ 90% each), overall
// and per-language accuracy, and the figures for `npm run bench` as JSON.
//   npx tsx scripts/bench-intents.ts
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate, parseLabelled } from '../lib/reading/evaluation';

const DIR = path.resolve('test/fixtures/intents');
const items = readdirSync(DIR)
  .filter((file) => file.endsWith('.jsonl'))
  .sort()
  .flatMap((file) => parseLabelled(readFileSync(path.join(DIR, file), 'utf8')));
const started = performance.now();
const result = evaluate(items);
const ms = performance.now() - started;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

console.log(`Intent reading: ${result.total} labelled inquiries (${DIR})`);
console.log(
  `  main intent right: ${pct(result.accuracy)}; read in ${(ms / result.total).toFixed(2)} ms each`,
);
for (const f of result.perIntent) {
  console.log(
    `  ${f.intent.padEnd(15)} ${String(f.labelled).padStart(3)} labelled  recall ${pct(f.recall).padStart(6)}  precision ${pct(f.precision).padStart(6)}  (goal ≥ 90%)`,
  );
}
console.log(`  second intents kept: ${result.secondaryKept} of ${result.secondaryLabelled}`);
console.log(
  `  by language: ${result.perLanguage.map((l) => `${l.language} ${pct(l.accuracy)} (${l.total})`).join(', ')}`,
);
for (const miss of result.misses)
  console.log(`  miss ${miss.id}: labelled ${miss.expected}, read ${miss.got}`);

const figures = [
  {
    id: 'intents.accuracy',
    label: `Intent accuracy, ${result.total} labelled inquiries`,
    value: Number((result.accuracy * 100).toFixed(1)),
    unit: '%',
    goal: { op: '>=' as const, target: 90 },
  },
  ...result.perIntent.map((f) => ({
    id: `intents.recall.${f.intent}`,
    label: `Intent recall: ${f.intent} (${f.labelled})`,
    value: Number((f.recall * 100).toFixed(1)),
    unit: '%',
    goal: { op: '>=' as const, target: 90 },
  })),
];
console.log(JSON.stringify({ figures }));

// Figures for suggested replies: time to the first template draft (goal < 30 ms)
// and the LLM prompt's size for a customer with 200 logged interactions (goal:
// bounded, because history is summarised). Tokens are estimated as characters/4
// for Latin text plus one per CJK character (lib/replies/prompt.ts estimateTokens).
// Run: npx tsx scripts/bench-replies.ts [--smoke]
// Prints the figures as text, then one last line of JSON ({"figures": [...]},
// the shape of scripts/bench/report.ts's Figure) for the benchmark harness.
import type { Figure } from './bench/report';
import { demoKnowledge } from '../lib/knowledge/demo';
import { promptForCard } from '../lib/replies/engine';
import { promptTokens } from '../lib/replies/prompt';
import { templateDrafts } from '../lib/replies/template-engine';
import { makeCard } from '../test/support/cards';

const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const RUNS = SMOKE ? 20 : 200;
const TEMPLATE_GOAL_MS = 30;
const knowledge = demoKnowledge(0);
const body =
  'Hello,\nWe are looking for 600x600 LED panel lights, about 2000 pcs for a school project. Please quote CIF Hamburg and tell us MOQ, lead time and whether you have UL.\nBest regards, Anna';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timeFirstDraft(card: ReturnType<typeof makeCard>) {
  const cold = performance.now();
  templateDrafts(card, knowledge);
  const coldMs = performance.now() - cold;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    templateDrafts(card, knowledge, { aim: 'answer' });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { coldMs, median: percentile(times, 50), p95: percentile(times, 95) };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const round = (n: number) => Math.round(n * 100) / 100;
const figures: Figure[] = [];
const rows: [id: string, label: string, card: ReturnType<typeof makeCard>][] = [
  ['new', 'new sender, no history', makeCard(body)],
  [
    'history200',
    'customer with 200 interactions, 40 orders',
    makeCard(body, { known: true, interactions: 200, orders: 40 }),
  ],
];

console.log(`Template drafts (knowledge base: ${knowledge.length} items, ${RUNS} runs each)`);
for (const [id, label, card] of rows) {
  const t = timeFirstDraft(card);
  console.log(
    `  ${label}: first draft median ${fmt(t.median)}, p95 ${fmt(t.p95)}, cold start ${fmt(t.coldMs)} (goal < ${TEMPLATE_GOAL_MS} ms)`,
  );
  const goal = { op: '<' as const, target: TEMPLATE_GOAL_MS };
  figures.push(
    {
      id: `replies.template.${id}.p50`,
      label: `Template draft, ${label}: median`,
      value: round(t.median),
      unit: 'ms',
    },
    {
      id: `replies.template.${id}.p95`,
      label: `Template draft, ${label}: p95`,
      value: round(t.p95),
      unit: 'ms',
      goal,
    },
    {
      id: `replies.template.${id}.cold`,
      label: `Template draft, ${label}: cold start`,
      value: round(t.coldMs),
      unit: 'ms',
      goal,
    },
  );
}

console.log('LLM prompt size (estimated tokens, first draft)');
const tokens = new Map<number, number>();
for (const count of [0, 6, 50, 200]) {
  const card = count
    ? makeCard(body, { known: true, interactions: count, orders: Math.ceil(count / 5) })
    : makeCard(body);
  const prompt = promptForCard(card, knowledge);
  const chars = prompt.messages.reduce((sum, m) => sum + m.content.length, 0);
  tokens.set(count, promptTokens(prompt));
  console.log(`  ${String(count).padStart(3)} interactions: ${promptTokens(prompt)} tokens (${chars} chars)`);
  figures.push({
    id: `replies.prompt.tokens.${count}`,
    label: `LLM prompt, ${count} interactions`,
    value: promptTokens(prompt),
    unit: 'tokens',
    // The bound lib/replies/safety.test.ts holds the 200-interaction prompt to.
    ...(count === 200 ? { goal: { op: '<' as const, target: 3000 } } : {}),
  });
}
const growth = tokens.get(200)! - tokens.get(6)!;
console.log(`  growth from 6 to 200 interactions: ${growth} tokens (goal < 200: history is summarised)`);
figures.push({
  id: 'replies.prompt.growth',
  label: 'LLM prompt growth, 6 → 200 interactions',
  value: growth,
  unit: 'tokens',
  goal: { op: '<', target: 200 },
});

console.log(JSON.stringify({ figures }));

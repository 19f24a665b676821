// Figures for suggested replies: time to the first template draft (goal < 30 ms)
// and the LLM prompt's size for a customer with 200 logged interactions (goal:
// bounded, because history is summarised). Tokens are estimated as characters/4
// for Latin text plus one per CJK character (lib/replies/prompt.ts estimateTokens).
// Run: npx tsx scripts/bench-replies.ts
import { demoKnowledge } from '../lib/knowledge/demo';
import { promptForCard } from '../lib/replies/engine';
import { promptTokens } from '../lib/replies/prompt';
import { templateDrafts } from '../lib/replies/template-engine';
import { makeCard } from '../lib/replies/test-cards';

const RUNS = 200;
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
const rows: [string, ReturnType<typeof makeCard>][] = [
  ['new sender, no history', makeCard(body)],
  [
    'customer with 200 interactions, 40 orders',
    makeCard(body, { known: true, interactions: 200, orders: 40 }),
  ],
];

console.log(`Template drafts (knowledge base: ${knowledge.length} items, ${RUNS} runs each)`);
for (const [label, card] of rows) {
  const t = timeFirstDraft(card);
  console.log(
    `  ${label}: first draft median ${fmt(t.median)}, p95 ${fmt(t.p95)}, cold start ${fmt(t.coldMs)} (goal < 30 ms)`,
  );
}

console.log('LLM prompt size (estimated tokens, first draft)');
for (const count of [0, 6, 50, 200]) {
  const card = count
    ? makeCard(body, { known: true, interactions: count, orders: Math.ceil(count / 5) })
    : makeCard(body);
  const prompt = promptForCard(card, knowledge);
  const chars = prompt.messages.reduce((sum, m) => sum + m.content.length, 0);
  console.log(`  ${String(count).padStart(3)} interactions: ${promptTokens(prompt)} tokens (${chars} chars)`);
}

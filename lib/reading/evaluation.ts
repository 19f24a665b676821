import { z } from 'zod';
import { INTENTS, type Intent } from '../db/types';
import { readInquiry } from './reading';

/** Reads one inquiry's main intent and the intents it carries: the shipped reader, or a model under test. */
export type IntentReader = (
  subject: string,
  body: string,
) => { primary: Intent; intents: readonly { intent: Intent }[] };

// Scores the reader against labelled inquiries (test/fixtures/intents/*.jsonl):
// for every intent, how many of the inquiries labelled with it as their main
// intent the reader gets right (recall), and how many it calls that intent
// rightly (precision). The benchmark prints it; a unit test holds the goal.

export const LabelledInquirySchema = z.object({
  id: z.string(),
  subject: z.string(),
  body: z.string(),
  primary: z.enum(INTENTS),
  intents: z.array(z.enum(INTENTS)).min(1),
  /** The labeller's reasoning, in the inquiry's language or English. */
  why: z.string().min(1),
});
export type LabelledInquiry = z.infer<typeof LabelledInquirySchema>;

export interface IntentFigures {
  intent: Intent;
  labelled: number;
  recall: number;
  precision: number;
}

export interface Evaluation {
  total: number;
  accuracy: number;
  perIntent: IntentFigures[];
  /** Secondary intents the reader kept (several intents in one mail), out of those labelled. */
  secondaryKept: number;
  secondaryLabelled: number;
  /** Intents the reader named beside the main one that the labeller did not. */
  secondaryExtra: number;
  misses: { id: string; expected: Intent; got: Intent }[];
  /** By language (the id's prefix). */
  perLanguage: { language: string; total: number; accuracy: number }[];
}

export function parseLabelled(jsonl: string): LabelledInquiry[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      const parsed = LabelledInquirySchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export function evaluate(items: readonly LabelledInquiry[], read: IntentReader = readInquiry): Evaluation {
  const results = items.map((item) => {
    const reading = read(item.subject, item.body);
    return { item, got: reading.primary, found: reading.intents.map((s) => s.intent) };
  });
  const perIntent = INTENTS.map((intent) => {
    const labelled = results.filter((r) => r.item.primary === intent);
    const called = results.filter((r) => r.got === intent);
    const right = labelled.filter((r) => r.got === intent).length;
    return {
      intent,
      labelled: labelled.length,
      recall: labelled.length ? right / labelled.length : 1,
      precision: called.length ? called.filter((r) => r.item.primary === intent).length / called.length : 1,
    };
  });
  let secondaryKept = 0;
  let secondaryLabelled = 0;
  let secondaryExtra = 0;
  for (const r of results) {
    for (const intent of new Set(r.found))
      if (intent !== r.got && intent !== 'other' && !r.item.intents.includes(intent)) secondaryExtra += 1;
    for (const intent of r.item.intents) {
      if (intent === r.item.primary || intent === 'other') continue;
      secondaryLabelled += 1;
      if (r.found.includes(intent)) secondaryKept += 1;
    }
  }
  const languages = [...new Set(items.map((i) => i.id.split('-')[0]!))];
  return {
    total: results.length,
    accuracy: results.filter((r) => r.got === r.item.primary).length / Math.max(1, results.length),
    perIntent,
    secondaryKept,
    secondaryLabelled,
    secondaryExtra,
    misses: results
      .filter((r) => r.got !== r.item.primary)
      .map((r) => ({ id: r.item.id, expected: r.item.primary, got: r.got })),
    perLanguage: languages.map((language) => {
      const mine = results.filter((r) => r.item.id.startsWith(`${language}-`));
      return {
        language,
        total: mine.length,
        accuracy: mine.filter((r) => r.got === r.item.primary).length / Math.max(1, mine.length),
      };
    }),
  };
}

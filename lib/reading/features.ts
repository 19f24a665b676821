import type { Intent } from '../db/types';
import type { CueIntent } from './cues';

// What the trained intent reader sees of an email: the character n-grams of
// its words (they work alike for every script, with no word list per
// language: "cotiza" in cotización, "报价" in 请报价, "образ" in образцы),
// hashed into a fixed number of buckets so the model stays small whatever the
// vocabulary, plus a few features from the keyword cues (their weight per
// intent, after negation and context). Training (lib/reading/train.ts) and
// reading (lib/reading/classifier.ts) both go through this one function.

/** How the text is cut into features; stored in the model so training and reading agree. */
export interface FeatureSpec {
  /** Hash buckets for the n-grams (a power of two). */
  buckets: number;
  /** Shortest and longest character n-gram of a word padded with spaces (" word "). */
  nMin: number;
  nMax: number;
  /** Also each pair of neighbouring words ("any update", "send one"). */
  pairs?: boolean;
}

/** The cue features after the buckets: one per intent (its cue weight), the cue reader's pick (6), a counter-offer. */
export const CUE_INTENTS: readonly CueIntent[] = [
  'price-inquiry',
  'sample-request',
  'order',
  'complaint',
  'follow-up',
];
export const CUE_FEATURES = CUE_INTENTS.length + 6 + 1;

/** Sparse features: bucket (or cue slot) indexes and their values. */
export interface Features {
  index: Uint32Array;
  value: Float32Array;
}

export interface CueSignal {
  /** The cue reader's weight for each intent it found (already past negation and context). */
  weights: Partial<Record<CueIntent, number>>;
  /** The cue reader's main intent. */
  primary: Intent;
  /** The email makes a conditional order ("if you can do USD 79 we will order"). */
  counterOffer: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** Scripts written without spaces: a run of them is cut into n-grams as it stands. */
const HAN = /^[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+$/u;
const CUE_ORDER: readonly Intent[] = [...CUE_INTENTS, 'other'];

/** FNV-1a over UTF-16 code units: fast, stable across runs and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Lower case, compatibility forms folded (full-width Latin, ligatures), every digit a 0. */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\p{N}/gu, '0');
}

/** The n-gram features of a text, L2-normalised so a long email weighs as much as a short one. */
export function textFeatures(text: string, spec: FeatureSpec): Map<number, number> {
  const counts = new Map<number, number>();
  const mask = spec.buckets - 1;
  const add = (gram: string) => {
    const bucket = hash(gram) & mask;
    counts.set(bucket, 1);
  };
  let previous = '';
  for (const [word] of normalise(text).matchAll(WORD)) {
    if (spec.pairs && previous) add(`p:${previous} ${word}`);
    previous = word;
    if (HAN.test(word)) {
      // 报价, 样品, 下单: characters and their pairs and triples carry the meaning.
      for (let n = 1; n <= 3; n += 1) for (let i = 0; i + n <= word.length; i += 1) add(word.slice(i, i + n));
      continue;
    }
    add(`w:${word}`);
    const padded = ` ${word} `;
    for (let n = spec.nMin; n <= spec.nMax; n += 1) {
      for (let i = 0; i + n <= padded.length; i += 1) add(padded.slice(i, i + n));
    }
  }
  const norm = Math.sqrt(counts.size) || 1;
  for (const [bucket, count] of counts) counts.set(bucket, count / norm);
  return counts;
}

/** Every feature of one email: its n-grams, then (unless left out) what the cues said. */
export function features(text: string, cues: CueSignal | null, spec: FeatureSpec): Features {
  const grams = textFeatures(text, spec);
  const size = grams.size + (cues ? CUE_FEATURES : 0);
  const index = new Uint32Array(size);
  const value = new Float32Array(size);
  let k = 0;
  for (const [bucket, v] of grams) {
    index[k] = bucket;
    value[k] = v;
    k += 1;
  }
  if (cues) {
    CUE_INTENTS.forEach((intent, i) => {
      index[k] = spec.buckets + i;
      // A cue of weight 3 says the intent on its own; more only repeats it.
      value[k] = Math.min(cues.weights[intent] ?? 0, 6) / 3;
      k += 1;
    });
    CUE_ORDER.forEach((intent, i) => {
      index[k] = spec.buckets + CUE_INTENTS.length + i;
      value[k] = cues.primary === intent ? 1 : 0;
      k += 1;
    });
    index[k] = spec.buckets + CUE_INTENTS.length + CUE_ORDER.length;
    value[k] = cues.counterOffer ? 1 : 0;
  }
  return { index, value };
}

import { INTENTS, type Intent } from '../db/types';
import { CUE_FEATURES, features, type CueSignal, type FeatureSpec } from './features';

// The trained intent reader: a multinomial logistic regression over the hashed
// n-grams and cue features of lib/reading/features.ts, trained by
// `npm run train:intents` (scripts/train-intents.ts) from the labelled
// inquiries and shipped as lib/reading/intent-model.json. Reading an email is
// one sparse dot product per intent: no network, no library, well under a
// millisecond.

/** The model as stored: weights quantised to 8 bits, base64. */
export interface StoredIntentModel {
  version: 1;
  spec: FeatureSpec;
  /** The intents in the order of the weights' columns. */
  intents: Intent[];
  /** Weight = int8 × scale. */
  scale: number;
  bias: number[];
  /** Below this probability, an email no cue speaks for reads as 'other' (chosen by cross-validation). */
  minConfidence: number;
  /**
   * From this probability up, an intent other than the main one is kept as a second intent of the
   * email even when no cue named it (chosen by cross-validation); absent: the cues alone name them.
   */
  minSecondary?: number;
  /** (buckets + cue features) rows × intents columns, row-major, int8, base64. */
  weights: string;
  /** How it was trained, for the record (sets, counts, cross-validation). */
  trained: Record<string, unknown>;
}

/** The model ready to read with. */
export interface IntentModel {
  spec: FeatureSpec;
  intents: readonly Intent[];
  bias: Float32Array;
  /** (buckets + cue features) × intents, row-major. */
  weights: Float32Array;
  minConfidence: number;
  /** See StoredIntentModel.minSecondary; above 1 when the model names no second intent. */
  minSecondary: number;
}

export function decodeModel(stored: StoredIntentModel): IntentModel {
  const { spec, intents } = stored;
  if (stored.version !== 1) throw new Error(`intent model version ${String(stored.version)} is not known`);
  if (intents.some((intent) => !INTENTS.includes(intent)))
    throw new Error('intent model names an unknown intent');
  const binary = atob(stored.weights);
  const rows = spec.buckets + CUE_FEATURES;
  if (binary.length !== rows * intents.length) throw new Error('intent model weights have the wrong size');
  const weights = new Float32Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) {
    const byte = binary.charCodeAt(i);
    weights[i] = (byte > 127 ? byte - 256 : byte) * stored.scale;
  }
  return {
    spec,
    intents,
    bias: Float32Array.from(stored.bias),
    weights,
    minConfidence: stored.minConfidence,
    minSecondary: stored.minSecondary ?? 2,
  };
}

export function encodeWeights(weights: Float32Array): { scale: number; weights: string } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  let binary = '';
  for (const w of weights) {
    const q = Math.max(-127, Math.min(127, Math.round(w / scale)));
    binary += String.fromCharCode(q < 0 ? q + 256 : q);
  }
  return { scale, weights: btoa(binary) };
}

export interface IntentProbability {
  intent: Intent;
  probability: number;
}

/** The probability of each intent being the email's main one, highest first. */
export function classify(model: IntentModel, text: string, cues: CueSignal | null): IntentProbability[] {
  const k = model.intents.length;
  const logits = Float64Array.from(model.bias);
  const { index, value } = features(text, cues, model.spec);
  for (let i = 0; i < index.length; i += 1) {
    const row = index[i]! * k;
    const v = value[i]!;
    for (let c = 0; c < k; c += 1) logits[c]! += model.weights[row + c]! * v;
  }
  const top = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return model.intents
    .map((intent, c) => ({ intent, probability: exp[c]! / sum }))
    .sort((a, b) => b.probability - a.probability);
}

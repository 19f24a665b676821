import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, decodeModel, encodeWeights, type StoredIntentModel } from './classifier';
import { parseLabelled, type LabelledInquiry } from './evaluation';
import shipped from './intent-model.json';
import { readInquiry } from './reading';
import { TRAINING_SETS } from './sets';
import { fingerprint, train } from './train';

const stored = shipped as unknown as StoredIntentModel;
const DIR = path.resolve('test/fixtures/intents');
const load = (dir: string) =>
  readdirSync(path.join(DIR, dir))
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => parseLabelled(readFileSync(path.join(DIR, dir, file), 'utf8')));

describe('the trained intent reader', () => {
  it('ships a model trained on the labelled sets as they are now (run `npm run train:intents` after changing one)', () => {
    const items = TRAINING_SETS.flatMap((dir) => load(dir));
    expect(stored.trained.fingerprint).toBe(fingerprint(items));
    expect(stored.trained.inquiries).toBe(items.length);
  });

  it('stays small enough for the background bundle', () => {
    expect(JSON.stringify(stored).length).toBeLessThan(100_000);
  });

  it('keeps its weights through 8-bit storage', () => {
    const weights = Float32Array.from([0.5, -1.27, 0, 0.01, 1.27]);
    const encoded = encodeWeights(weights);
    const binary = atob(encoded.weights);
    const back = Array.from(binary, (ch) => {
      const byte = ch.charCodeAt(0);
      return (byte > 127 ? byte - 256 : byte) * encoded.scale;
    });
    back.forEach((w, i) => expect(w).toBeCloseTo(weights[i]!, 2));
  });

  it('refuses a model of another shape', () => {
    expect(() => decodeModel({ ...stored, weights: btoa('abc') })).toThrow(/wrong size/);
    expect(() => decodeModel({ ...stored, intents: ['refund' as never] })).toThrow(/unknown intent/);
  });

  it('learns intents from examples it is shown, in any script', () => {
    const example = (id: string, body: string, primary: LabelledInquiry['primary']): LabelledInquiry => ({
      id,
      subject: '',
      body,
      primary,
      intents: [primary],
      why: 'test',
    });
    const items = [
      example('a-1', 'гудит драйвер, гудят панели', 'complaint'),
      example('a-2', 'панели гудят сильно', 'complaint'),
      example('a-3', '开柜号码多少', 'follow-up'),
      example('a-4', '柜号发我一下', 'follow-up'),
      example('a-5', 'hello there lily', 'other'),
      example('a-6', 'thank you lily', 'other'),
    ];
    const { model } = train(items, {
      spec: { buckets: 1024, nMin: 2, nMax: 4 },
      l2: 1e-5,
      epochs: 60,
      learningRate: 0.1,
      withoutCues: true,
    });
    expect(classify(model, 'драйверы гудят', null)[0]!.intent).toBe('complaint');
    expect(classify(model, '请把柜号发过来', null)[0]!.intent).toBe('follow-up');
  });

  it('reads the main intent with its confidence, and keeps the cues behind every other intent', () => {
    const reading = readInquiry(
      'Order + complaint',
      'We confirm the order for 1,000 pcs BW-T8-18. By the way, 12 drivers from the previous batch failed.',
    );
    expect(reading.primary).toBe('order');
    expect(reading.confidence).toBeGreaterThan(0.5);
    expect(reading.intents.map((s) => s.intent)).toEqual(['order', 'complaint']);
    expect(reading.intents[1]!.cues).toContain('failed');
  });
});

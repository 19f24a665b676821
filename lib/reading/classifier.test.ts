import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, decodeModel, encodeWeights, type StoredIntentModel } from './classifier';
import { parseLabelled, type LabelledInquiry } from './evaluation';
import { splitSignature, textFeatures } from './features';
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

  it('stays small enough for the extension (it ships in the background and the panel)', () => {
    expect(JSON.stringify(stored).length).toBeLessThan(200_000);
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

describe('what the intent reader sees of an email', () => {
  it('finds the signature below the sign-off, in any of the eight languages', () => {
    const cases: [string, string][] = [
      [
        'Subject\nHi Lily,\nPlease quote 300 pcs.\nBest regards,\nDaniel Meyer\nPurchasing Manager',
        'Best regards,',
      ],
      ['Asunto\nHola,\n¿precio?\nSaludos, Andrés\nCompras', 'Saludos, Andrés'],
      [
        'Betreff\nHallo,\nbitte PI senden.\nMit freundlichen Grüßen\nThomas Weber\nEinkauf',
        'Mit freundlichen Grüßen',
      ],
      ['Тема\nЛили, пришлите КП.\nС уважением,\nАлексей Морозов', 'С уважением,'],
      ['الموضوع\nليلي، نوافق.\nتحياتي،\nيوسف حداد', 'تحياتي،'],
      ['主题\n王经理，请报价。\n谢谢\n杨工', '谢谢'],
      ['Subject\nLily - need a number\nSent from my iPhone', 'Sent from my iPhone'],
    ];
    for (const [text, firstLine] of cases)
      expect(splitSignature(text).signature.split('\n')[0]).toBe(firstLine);
  });

  it('does not take a thank-you that opens the mail or a sentence that starts like a closing for a signature', () => {
    expect(splitSignature('Subject\nThanks, received.\nWhat is your price for 500?').signature).toBe('');
    expect(
      splitSignature('Subject\nHi Lily,\nThank you for the offer.\nWe need 300 pcs by March.').signature,
    ).toBe('');
  });

  it('weighs a word of the signature less than the same word in the request', () => {
    const spec = { buckets: 4096, nMin: 3, nMax: 3, signatureWeight: 0.3 };
    const inRequest = textFeatures('Subject\nPlease send the purchasing order.\nRegards,\nTom', spec);
    const inSignature = textFeatures('Subject\nPlease send it.\nRegards,\nTom\nPurchasing order', spec);
    const gram = [...textFeatures('purchasing', { buckets: 4096, nMin: 3, nMax: 3 }).keys()];
    const weightOf = (f: Map<number, number>) => Math.max(...gram.map((g) => f.get(g) ?? 0));
    expect(weightOf(inSignature)).toBeLessThan(weightOf(inRequest) * 0.5);
    expect(weightOf(inSignature)).toBeGreaterThan(0);
  });

  it('reads "no problem" as its own feature, apart from "problem"', () => {
    const spec = { buckets: 1 << 16, nMin: 9, nMax: 9, negation: true };
    const negated = textFeatures('there is no problem with the lights', spec);
    const plain = textFeatures('there is a problem with the lights', spec);
    const onlyNegated = [...negated.keys()].filter((k) => !plain.has(k));
    // "no" itself and the marked "n:problem", "n:with", "n:the" (three words of the clause).
    expect(onlyNegated.length).toBeGreaterThanOrEqual(4);
    // A clause ends the negation: "no delay, but the drivers failed" leaves "drivers" as it is.
    const afterComma = textFeatures('no delay, but the drivers failed', spec);
    const drivers = textFeatures('the drivers failed', spec);
    for (const k of drivers.keys()) expect(afterComma.has(k)).toBe(true);
  });
});

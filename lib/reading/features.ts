import type { Intent } from '../db/types';
import type { CueIntent } from './cues';
import { signalsIn } from './signals';

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
  /**
   * What a word of the signature (below the sign-off: "Regards,", "Saludos", "С уважением", "谢谢")
   * counts for, against 1 for a word above it: "Purchasing Manager", "Compras", a company's name
   * and a disclaimer say who writes, not what they ask. 1 (or absent) reads the signature as text.
   */
  signatureWeight?: number;
  /** Also mark the words after a negation ("no problem", "sin defectos", "kein Mangel") as their own features. */
  negation?: boolean;
  /**
   * What each signal of lib/reading/signals.ts (a loss, indignation, lateness, an earlier message…)
   * the request carries counts for, as one feature shared by every language, against 1 for an
   * n-gram; absent or 0: not read.
   */
  signals?: number;
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

/**
 * A line that closes the message, alone or with the name after it: what follows is the signature.
 * "Thanks" or "Gracias" opening a mail ("Thanks, received.") is not one: the line must hold only
 * the closing (and a name), and the signature is looked for from the second line of the body on.
 */
const SIGN_OFF = new RegExp(
  String.raw`^(?:--\s*|(?:(?:best|kind|warm|many thanks and|with best)\s+)?regards|best(?: wishes)?|cheers|thanks(?: and regards| again)?|thank you|many thanks|sincerely|yours (?:faithfully|sincerely|truly)|br|rgds|` +
    String.raw`(?:un )?saludos?(?: cordiales)?|un abrazo|abrazos?|atentamente|cordialmente|gracias|quedo atento|` +
    String.raw`atenciosamente|att\.?|cumprimentos|abraço|obrigad[oa]|saudações|` +
    String.raw`bien (?:cordialement|à vous)|cordialement|salutations(?: distinguées)?|merci(?: beaucoup)?|` +
    String.raw`mit freundlichen grüßen|freundliche grüße|(?:viele|beste|liebe|schöne) grüße|mfg|gruß|grüße|danke|vielen dank|` +
    String.raw`с уважением|спасибо|всего доброго|` +
    String.raw`مع (?:خالص )?(?:التحية|التحيات|الشكر)|تحياتي|شكرا(?:ً)?(?: لكم)?|وتقبلوا فائق الاحترام|` +
    String.raw`谢谢(?:！|!)?|此致|祝好|顺祝商祺|敬礼|` +
    String.raw`sent from my [\p{L} ]+|enviado desde mi [\p{L} ]+|发自我的[\p{L}]+)(?<rest>.*)$`,
  'iu',
);
/** After the closing on its line: nothing, or a name ("Saludos, Andrés", "Gruß Stefan", "تحياتي، يوسف"). */
const NAME_AFTER = /^[\s,.!，。！،]*(?:[\p{Lu}\p{Lo}][\p{L}.'-]*(?:\s+[\p{Lu}\p{Lo}][\p{L}.'-]*){0,2})?\s*$/u;

/** The text above the sign-off (subject and request) and the signature below it ('' when none is found). */
export function splitSignature(text: string): { request: string; signature: string } {
  const lines = text.split('\n');
  // Line 0 is the subject; a sign-off on the first body line opens the mail rather than closing it.
  for (let i = 2; i < lines.length; i += 1) {
    const line = lines[i]!.trim();
    const closing = line.length <= 60 ? SIGN_OFF.exec(line) : null;
    if (closing && NAME_AFTER.test(closing.groups?.rest ?? '')) {
      return { request: lines.slice(0, i).join('\n'), signature: lines.slice(i).join('\n') };
    }
  }
  return { request: text, signature: '' };
}

/** Words after which the next few words of the clause are negated. */
const NEGATOR =
  /^(?:no|not|never|without|nor|none|sin|ningún|ninguna|ningun|nunca|sem|nenhum|nenhuma|não|nunca|aucun|aucune|sans|pas|jamais|kein|keine|keinen|keiner|ohne|nicht|nie|без|нет|не|ни|никаких|никакой|لا|بدون|دون|ليس|ليست|لم|لن)$/u;

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

const CLAUSE = /[.!?;:\n。！？；，,]/u;

/** The n-gram features of a text, L2-normalised so a long email weighs as much as a short one. */
export function textFeatures(text: string, spec: FeatureSpec): Map<number, number> {
  const counts = new Map<number, number>();
  const weight = spec.signatureWeight ?? 1;
  let request = text;
  let signature = '';
  if (weight !== 1) ({ request, signature } = splitSignature(text));
  addGrams(counts, request, spec, 1);
  if (signature && weight > 0) addGrams(counts, signature, spec, weight);
  if (spec.signals) {
    const mask = spec.buckets - 1;
    for (const name of signalsIn(normalise(request))) counts.set(hash(`s:${name}`) & mask, spec.signals);
  }
  let sum = 0;
  for (const v of counts.values()) sum += v * v;
  const norm = Math.sqrt(sum) || 1;
  for (const [bucket, v] of counts) counts.set(bucket, v / norm);
  return counts;
}

/** Adds a text's n-grams at `value` (a gram already present keeps the larger value). */
function addGrams(counts: Map<number, number>, text: string, spec: FeatureSpec, value: number): void {
  const mask = spec.buckets - 1;
  const add = (gram: string) => {
    const bucket = hash(gram) & mask;
    if ((counts.get(bucket) ?? 0) < value) counts.set(bucket, value);
  };
  let previous = '';
  let negatedFor = 0;
  let lastEnd = 0;
  const normalised = normalise(text);
  for (const match of normalised.matchAll(WORD)) {
    const word = match[0];
    if (spec.negation) {
      // A clause ends at punctuation: "no problem, but 12 drivers failed" negates only "problem".
      if (CLAUSE.test(normalised.slice(lastEnd, match.index))) negatedFor = 0;
      lastEnd = match.index + word.length;
      if (negatedFor > 0) {
        add(`n:${word}`);
        negatedFor -= 1;
      }
      if (NEGATOR.test(word)) negatedFor = 3;
    }
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

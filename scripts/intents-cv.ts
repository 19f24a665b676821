// k-fold cross-validation of the trained intent reader, shared by
// scripts/train-intents.ts and scripts/bench-intents.ts. Three readers are
// scored on every held-out fold: the model as it reads in the extension (n-grams
// and cues), the model with the cue features left out (how it reads wording no
// cue knows), and the keyword cues alone. The cues were written beside the
// development set, so on these sets the first and last flatter them; the
// middle one is the fairest figure from these sets.
import type { Intent } from '../lib/db/types';
import { classify } from '../lib/reading/classifier';
import { evaluate, type Evaluation, type LabelledInquiry } from '../lib/reading/evaluation';
import { cueSignal, readInquiry, readText } from '../lib/reading/reading';
import { folds, train, type TrainOptions } from '../lib/reading/train';

/** Thresholds tried for IntentModel.minConfidence. */
export const THRESHOLDS = [0, 0.3, 0.4, 0.5, 0.6];
/** Thresholds tried for IntentModel.minSecondary (2: the cues alone name second intents). */
export const SECONDARY_THRESHOLDS = [2, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1];

export interface CrossValidation {
  k: number;
  /** The highest minConfidence within half a point of the best on the fresh inquiries (or all); `model` is scored with it. */
  minConfidence: number;
  /** Accuracy with each threshold tried: all inquiries, and the fresh ones. */
  thresholds: { minConfidence: number; accuracy: number; fresh: number | null }[];
  /** The second-intent threshold chosen: the best F1 of second intents kept against those named wrongly. */
  minSecondary: number;
  /** Second intents with each threshold tried: kept of labelled, and named wrongly. */
  secondary: { minSecondary: number; kept: number; labelled: number; extra: number; f1: number }[];
  model: Evaluation;
  grams: Evaluation;
  cues: Evaluation;
  /** The same, on the inquiries the keyword cues were not written beside (the `training` set): the fairest. */
  fresh: { model: Evaluation; grams: Evaluation; cues: Evaluation } | null;
}

/**
 * Cross-validates on `items`; `fresh` names the inquiries (by id) no cue was written beside, scored
 * apart as well.
 */
export function crossValidate(
  items: readonly LabelledInquiry[],
  options: TrainOptions,
  k = 5,
  fresh: ReadonlySet<string> = new Set(),
): CrossValidation {
  const got = { grams: new Map<string, Intent>(), cues: new Map<string, Intent>() };
  const byThreshold = THRESHOLDS.map(() => new Map<string, Intent>());
  const bySecondary = SECONDARY_THRESHOLDS.map(() => new Map<string, Intent[]>());
  const key = (subject: string, body: string) => `${subject}\u0000${body}`;
  const parts = folds(items, k);
  parts.forEach((test, i) => {
    const { model } = train(parts.filter((_, j) => j !== i).flat(), options);
    for (const item of test) {
      const at = key(item.subject, item.body);
      const text = readText(item.subject, item.body);
      THRESHOLDS.forEach((minConfidence, t) =>
        byThreshold[t]!.set(at, readInquiry(item.subject, item.body, { ...model, minConfidence }).primary),
      );
      SECONDARY_THRESHOLDS.forEach((minSecondary, t) =>
        bySecondary[t]!.set(
          at,
          readInquiry(item.subject, item.body, { ...model, minSecondary }).intents.map((s) => s.intent),
        ),
      );
      got.grams.set(at, classify(model, text, null)[0]!.intent);
      got.cues.set(at, cueSignal(text).primary);
    }
  });
  const score = (map: Map<string, Intent>, among = items) =>
    evaluate(among, (subject, body) => {
      const primary = map.get(key(subject, body)) ?? 'other';
      return { primary, intents: [{ intent: primary }] };
    });
  const freshItems = items.filter((item) => fresh.has(item.id));
  const thresholds = THRESHOLDS.map((minConfidence, t) => ({
    minConfidence,
    accuracy: score(byThreshold[t]!).accuracy,
    fresh: freshItems.length ? score(byThreshold[t]!, freshItems).accuracy : null,
  }));
  // The highest threshold within half a point of the best: a wrong intent costs the rep a wrong
  // draft, 'other' only a general one. (Within a whole point, the fourth round's training sets chose
  // 0.4, 0.9 points below the best, and the seen sets' price inquiries without a cue fell to 'other'.)
  const accuracyOf = (x: (typeof thresholds)[number]) => x.fresh ?? x.accuracy;
  const best = Math.max(...thresholds.map(accuracyOf));
  const bestAt = thresholds.reduce((at, x, t) => (accuracyOf(x) >= best - 0.005 ? t : at), 0);
  const chosen = byThreshold[bestAt]!;
  const secondary = SECONDARY_THRESHOLDS.map((minSecondary, t) => {
    const r = evaluate(items, (subject, body) => {
      const at = key(subject, body);
      const primary = chosen.get(at) ?? 'other';
      return { primary, intents: (bySecondary[t]!.get(at) ?? []).map((intent) => ({ intent })) };
    });
    const named = r.secondaryKept + r.secondaryExtra;
    const precision = named ? r.secondaryKept / named : 1;
    const recall = r.secondaryLabelled ? r.secondaryKept / r.secondaryLabelled : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return {
      minSecondary,
      kept: r.secondaryKept,
      labelled: r.secondaryLabelled,
      extra: r.secondaryExtra,
      f1,
    };
  });
  // The highest threshold within 0.01 of the best F1: a second intent named wrongly adds a
  // paragraph the rep must delete.
  const bestF1 = Math.max(...secondary.map((x) => x.f1));
  const secondaryAt = secondary.findIndex((x) => x.f1 >= bestF1 - 0.01);
  const minSecondary = SECONDARY_THRESHOLDS[secondaryAt]!;
  const withSecondaries = (among = items) =>
    evaluate(among, (subject, body) => {
      const at = key(subject, body);
      const primary = chosen.get(at) ?? 'other';
      return { primary, intents: (bySecondary[secondaryAt]!.get(at) ?? []).map((intent) => ({ intent })) };
    });
  return {
    k,
    minConfidence: THRESHOLDS[bestAt]!,
    thresholds,
    minSecondary,
    secondary,
    model: withSecondaries(),
    grams: score(got.grams),
    cues: score(got.cues),
    fresh: freshItems.length
      ? {
          model: withSecondaries(freshItems),
          grams: score(got.grams, freshItems),
          cues: score(got.cues, freshItems),
        }
      : null,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function printCrossValidation(cv: CrossValidation): void {
  console.log(
    `  below what confidence an email no cue speaks for reads as "other": ${cv.thresholds
      .map((t) => `${t.minConfidence} → ${pct(t.fresh ?? t.accuracy)}`)
      .join(', ')}; chosen ${cv.minConfidence}`,
  );
  console.log(
    `  from what probability a second intent no cue named is kept: ${cv.secondary
      .map(
        (x) =>
          `${x.minSecondary > 1 ? 'never' : x.minSecondary} → ${x.kept}/${x.labelled} kept, ${x.extra} wrong (F1 ${x.f1.toFixed(2)})`,
      )
      .join('; ')}; chosen ${cv.minSecondary > 1 ? 'never' : cv.minSecondary}`,
  );
  printTable(
    `${cv.k}-fold cross-validation, all ${cv.model.total} training inquiries (main intent right; recall / precision per intent)`,
    cv,
  );
  if (cv.fresh)
    printTable(
      `  of which the ${cv.fresh.model.total} the keyword cues were not written beside (the fairest cross-validated figure)`,
      cv.fresh,
    );
}

function printTable(title: string, cv: { model: Evaluation; grams: Evaluation; cues: Evaluation }): void {
  console.log(title);
  const rows: [string, Evaluation][] = [
    ['model (n-grams + cues)', cv.model],
    ['n-grams alone', cv.grams],
    ['keyword cues alone', cv.cues],
  ];
  for (const [name, r] of rows) console.log(`  ${name.padEnd(24)} ${pct(r.accuracy).padStart(6)}`);
  for (const [k, f] of cv.model.perIntent.entries()) {
    const cells = rows.map(([, r]) => {
      const x = r.perIntent[k]!;
      return `${pct(x.recall).padStart(6)} / ${pct(x.precision).padStart(6)}`;
    });
    console.log(`  ${f.intent.padEnd(16)} (${String(f.labelled).padStart(3)})  ${cells.join('   ')}`);
  }
}

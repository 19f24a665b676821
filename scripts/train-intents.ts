// Trains the intent reader (lib/reading/classifier.ts) from the labelled
// training sets (lib/reading/sets.ts) and writes lib/reading/intent-model.json.
// Prints 5-fold cross-validation per intent on the training sets first: the
// model is trained on four fifths and reads the fifth it never saw, five
// times. The untouched sets are not read here; `npm run bench` scores them.
//   npm run train:intents              train with the chosen settings, write the model
//   npm run train:intents -- --search  cross-validate a grid of settings, write nothing
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseLabelled, type LabelledInquiry } from '../lib/reading/evaluation';
import { TRAINING_SETS } from '../lib/reading/sets';
import { DEFAULT_TRAINING, fingerprint, train, type TrainOptions } from '../lib/reading/train';
import { crossValidate, printCrossValidation } from './intents-cv';

const DIR = path.resolve('test/fixtures/intents');
const OUT = path.resolve('lib/reading/intent-model.json');

function loadSet(dir: string): LabelledInquiry[] {
  return readdirSync(path.join(DIR, dir))
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => parseLabelled(readFileSync(path.join(DIR, dir, file), 'utf8')));
}

const items = TRAINING_SETS.flatMap((dir) => loadSet(dir));
/** The inquiries no keyword cue was written beside. */
const fresh = new Set(loadSet('training').map((item) => item.id));
console.log(`${items.length} labelled inquiries in ${TRAINING_SETS.length} training sets`);

if (process.argv.includes('--search')) {
  const base = DEFAULT_TRAINING;
  const grid: TrainOptions[] = [
    { ...base, spec: { ...base.spec, signals: 0 } },
    { ...base, spec: { ...base.spec, signals: 1 } },
    { ...base, spec: { ...base.spec, signals: 3 } },
  ];
  for (const options of grid) {
    const cv = crossValidate(items, options, 5, fresh);
    const on = cv.fresh ?? cv;
    const worst = Math.min(...on.model.perIntent.map((f) => f.recall));
    console.log(
      `${JSON.stringify(options.spec)} l2 ${options.l2}${options.balanced ? ' balanced' : ''}: ` +
        `all ${(cv.model.accuracy * 100).toFixed(1)}%, fresh ${(on.model.accuracy * 100).toFixed(1)}% ` +
        `(worst intent ${(worst * 100).toFixed(1)}%: ${on.model.perIntent.map((f) => `${f.intent} ${(f.recall * 100).toFixed(0)}`).join(' ')}), ` +
        `fresh n-grams alone ${(on.grams.accuracy * 100).toFixed(1)}%`,
    );
  }
} else {
  const cv = crossValidate(items, DEFAULT_TRAINING, 5, fresh);
  printCrossValidation(cv);
  const { stored } = train(items, DEFAULT_TRAINING);
  const model = stored(
    {
      sets: [...TRAINING_SETS],
      inquiries: items.length,
      fingerprint: fingerprint(items),
      l2: DEFAULT_TRAINING.l2,
      epochs: DEFAULT_TRAINING.epochs,
      balanced: DEFAULT_TRAINING.balanced ?? false,
      crossValidation: {
        folds: 5,
        accuracy: Number((cv.model.accuracy * 100).toFixed(1)),
        recall: Object.fromEntries(
          cv.model.perIntent.map((f) => [f.intent, Number((f.recall * 100).toFixed(1))]),
        ),
        ngramsAloneAccuracy: Number((cv.grams.accuracy * 100).toFixed(1)),
        freshAccuracy: cv.fresh ? Number((cv.fresh.model.accuracy * 100).toFixed(1)) : null,
        secondIntents: {
          kept: cv.model.secondaryKept,
          labelled: cv.model.secondaryLabelled,
          namedWrongly: cv.model.secondaryExtra,
        },
      },
    },
    cv.minConfidence,
    cv.minSecondary,
  );
  writeFileSync(OUT, `${JSON.stringify(model)}\n`);
  console.log(
    `wrote ${path.relative(process.cwd(), OUT)}: ${(JSON.stringify(model).length / 1024).toFixed(1)} KB`,
  );
}

import { afterAll, beforeAll, describe } from 'vitest';
import { freshPglite, type TestDb } from '../test-support';
import { rulesSuite } from './rules-suite';

// The team rules on the embedded PGlite, the default of `npm run server`: a team per test.
describe('team rules on PGlite', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshPglite();
  }, 180_000);
  afterAll(async () => t?.drop());
  rulesSuite(() => t.db);
}, 60_000);

import { afterAll, beforeAll, describe } from 'vitest';
import { freshPostgres, POSTGRES_URL, type TestDb } from '../test-support';
import { rulesSuite } from './rules-suite';

// The team rules on a real PostgreSQL (the version the README names): a team per test.
describe.skipIf(!POSTGRES_URL)(
  'team rules on PostgreSQL',
  () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await freshPostgres();
    }, 60_000);
    afterAll(async () => t?.drop());
    rulesSuite(() => t.db);
  },
  60_000,
);

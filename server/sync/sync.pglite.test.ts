import { afterAll, beforeAll, describe } from 'vitest';
import { freshPglite, seedTeam, type Team, type TestDb } from '../test-support';
import { syncSuite } from './sync-suite';

// The same behaviours on the embedded PGlite, the default of `npm run server`.
describe('sync on PGlite', () => {
  let t: TestDb;
  let team: Team;
  beforeAll(async () => {
    t = await freshPglite();
    team = await seedTeam(t.db);
  }, 180_000);
  afterAll(async () => t?.drop());

  syncSuite(() => ({ db: t.db, team }));
});

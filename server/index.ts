import { readConfig } from './config';
import { openDatabase } from './db/client';
import { migrate } from './db/migrate';
import { buildApp } from './app';
import { runCommand } from './cli';

// Start: settings from the environment, the database (PostgreSQL or PGlite),
// migrations, then either a command (`user add …`) or the HTTP server.

const config = readConfig();
if (config.TEAM_TEST_MODE && !['127.0.0.1', '::1', 'localhost'].includes(config.HOST))
  throw new Error('TEAM_TEST_MODE moves the clock: it runs only on a loopback address.');
const db = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: config.TEAM_DATA_DIR,
  poolSize: config.DATABASE_POOL_SIZE,
});
const applied = await migrate(db);
const where =
  db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.TEAM_DATA_DIR}`;

const args = process.argv.slice(2);
if (args.length) {
  const code = await runCommand(db, args, (line) => process.stdout.write(line + '\n'));
  await db.close();
  process.exit(code);
}

const app = await buildApp(db, {
  logger: config.LOG,
  trustProxy: config.TRUST_PROXY,
  sweepEveryMs: config.POOL_SWEEP_MINUTES * 60_000,
  testMode: config.TEAM_TEST_MODE,
  pushGroupsPerTeam: config.PUSH_GROUPS_PER_TEAM,
});
if (config.TEAM_TEST_MODE)
  process.stdout.write('TEST MODE: the clock can be moved through /api/test/clock.\n');
const address = await app.http.listen({ host: config.HOST, port: config.PORT });
process.stdout.write(
  `Team server on ${address} over ${where}${applied.length ? `; migrations applied: ${applied.join(', ')}` : ''}\n`,
);

const stop = async () => {
  await app.close();
  await db.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

import { z } from 'zod';

// The server's settings, all from the environment (twelve-factor): the same
// build runs a trial on a laptop and a node behind a load balancer.

const EnvSchema = z.object({
  /** A real PostgreSQL (postgres://user:pass@host:5432/db). Absent: the embedded PGlite. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * Connections this node keeps to PostgreSQL (plus one that listens for pokes). Most of a
   * request's time in the database is round trips, not work, so more connections than
   * cores pay; several nodes' pools together must stay below PostgreSQL's max_connections.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  /**
   * Push transactions of one team under way at once on this node: pushes arriving meanwhile
   * wait and share the next one (group commit). Two let a group work while the one before
   * flushes its commit.
   */
  PUSH_GROUPS_PER_TEAM: z.coerce.number().int().min(1).max(16).default(2),
  /** PGlite's data folder when DATABASE_URL is absent. */
  TEAM_DATA_DIR: z.string().min(1).default('.team-data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** Set when a TLS proxy in front forwards the client's address. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Minutes between two runs of the public pool's sweep. */
  POOL_SWEEP_MINUTES: z.coerce.number().min(0.05).max(1440).default(10),
  /** Test mode: a movable clock and /api/test/* endpoints. Only for the test suite, never a team's server. */
  TEAM_TEST_MODE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  LOG: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
});
export type Config = z.infer<typeof EnvSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success)
    throw new Error(
      `Bad server setting: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

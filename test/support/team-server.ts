import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

// The team server for browser tests and the team demo: its own process (so a test
// can kill -9 it) on 127.0.0.1 and a free port, over the CI's PostgreSQL
// (TEAM_TEST_DATABASE_URL, a database of its own) or, without one or when asked,
// the embedded PGlite in a temporary folder.

export interface TeamServer {
  url: string;
  /** SIGKILL, as a crash would. */
  kill(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  addUser(email: string, name: string, role: 'admin' | 'manager' | 'rep', password: string): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `testMode`: the server's clock can be moved (POST /api/test/clock), for the pool's tests. */
export async function startTeamServer(
  options: { embedded?: boolean; port?: number; testMode?: boolean } = {},
): Promise<TeamServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  if (options.testMode) env.TEAM_TEST_MODE = '1';
  let cleanup: () => Promise<void>;
  const base = options.embedded ? undefined : process.env.TEAM_TEST_DATABASE_URL;
  if (base) {
    const name = `team_e2e_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'team-e2e-'));
    env.TEAM_DATA_DIR = dir;
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
  env.PORT = String(options.port ?? (await freePort()));
  const url = `http://127.0.0.1:${env.PORT}`;
  let child: ChildProcess | null = null;

  const server: TeamServer = {
    url,
    kill() {
      child?.kill('SIGKILL');
      child = null;
    },
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env, stdio: 'ignore' });
      for (let i = 0; i < 1200; i++) {
        try {
          if ((await fetch(`${url}/api/health`)).ok) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the team server did not start');
    },
    async stop() {
      server.kill();
      await cleanup();
    },
    addUser(email, name, role, password) {
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'server/index.ts',
          'user',
          'add',
          '--email',
          email,
          '--name',
          name,
          '--role',
          role,
        ],
        { env: { ...env, TEAM_PASSWORD: password }, encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`user add failed: ${r.stdout}${r.stderr}`);
    },
  };
  return server;
}

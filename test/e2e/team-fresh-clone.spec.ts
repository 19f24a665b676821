import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, signIn, test } from '../support/team-browser';

// The README's "Try it" on a fresh clone: the committed files only (node_modules as
// `npm ci` leaves them), `npm run server -- user add …` then `npm run server`, no
// database to install and no DATABASE_URL: the server runs on the embedded PGlite
// in ./.team-data, and a browser signs in to it.

test.describe.configure({ timeout: 300_000 });

const ADMIN = { email: 'boss@example.com', name: 'Boss', password: 'a long password' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test('on a fresh clone, `npm run server` starts on the embedded database and a browser signs in', async ({
  profile,
}) => {
  const clone = await mkdtemp(path.join(tmpdir(), 'crm-clone-'));
  execFileSync('sh', ['-c', `git archive HEAD | tar -x -C '${clone}'`]);
  await symlink(path.resolve('node_modules'), path.join(clone, 'node_modules'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), LOG: '0' };
  delete env.DATABASE_URL;
  delete env.TEAM_DATA_DIR;
  delete env.HOST;
  let server: ChildProcess | undefined;
  try {
    execFileSync(
      'npm',
      [
        'run',
        'server',
        '--',
        'user',
        'add',
        '--email',
        ADMIN.email,
        '--name',
        ADMIN.name,
        '--role',
        'admin',
        '--password',
        ADMIN.password,
      ],
      { cwd: clone, env: { ...env, PORT: '0' }, stdio: 'pipe' },
    );
    server = spawn('npm', ['run', 'server'], { cwd: clone, env, detached: true });
    let out = '';
    server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 120_000 }).toContain('Team server on http://127.0.0.1:');
    expect(out).toContain('embedded PGlite in .team-data');
    expect(existsSync(path.join(clone, '.team-data'))).toBe(true);
    const url = out.match(/Team server on (http:\/\/127\.0\.0\.1:\d+)/)![1]!;
    expect(url).toBe(`http://127.0.0.1:${env.PORT}`);

    const p = await profile();
    // A sign-in form with no server address tells the rep what is missing.
    await p.options.getByTestId('team-email').fill(ADMIN.email);
    await p.options.getByTestId('team-password').fill(ADMIN.password);
    await p.options.getByTestId('team-sign-in-button').click();
    await expect(p.options.getByTestId('team-error')).toBeVisible();
    await signIn(p, url, ADMIN.email, ADMIN.password);
    await expect(p.options.getByTestId('team-user')).toContainText(`${ADMIN.name} <${ADMIN.email}>`);
    await expect(p.options.getByTestId('team-connection')).toHaveText('Online', { timeout: 30_000 });
  } finally {
    // npm runs the server as a child of a shell: the whole group goes.
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    await rm(clone, { recursive: true, force: true });
  }
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, POSTGRES_URL, type TestDb } from './test-support';
import { runCommand } from './cli';
import { signIn } from './rules/people';

describe.skipIf(!POSTGRES_URL)('npm run server -- user …', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshPostgres();
  }, 60_000);
  afterAll(async () => t?.drop());

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runCommand(t.db, argv, (line) => lines.push(line));
    return { code, out: lines.join('\n') };
  };

  it('adds the first admin, who can then sign in', async () => {
    const added = await run(
      'user',
      'add',
      '--email',
      'Boss@Example.com',
      '--name',
      'Boss',
      '--role',
      'admin',
      '--password',
      'a long password',
    );
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain('admin Boss <boss@example.com>');
    const { user } = await signIn(t.db, 'boss@example.com', 'a long password', '127.0.0.1');
    expect(user.role).toBe('admin');
    expect((await run('user', 'list')).out).toContain('boss@example.com\tadmin\tBoss');
  });

  it('says why it cannot add someone', async () => {
    const badRole = await run(
      'user',
      'add',
      '--email',
      'x@example.com',
      '--name',
      'X',
      '--role',
      'owner',
      '--password',
      'a long password',
    );
    expect(badRole.code).toBe(2);
    expect(badRole.out).toMatch(/role/);
    const short = await run('user', 'add', '--email', 'x@example.com', '--name', 'X', '--password', 'short');
    expect(short.out).toMatch(/password/);
    const taken = await run(
      'user',
      'add',
      '--email',
      'boss@example.com',
      '--name',
      'B',
      '--password',
      'a long password',
    );
    expect(taken).toMatchObject({ code: 1 });
    expect(taken.out).toContain('already has boss@example.com');
    expect((await run('frobnicate')).out).toContain('Usage');
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import { extensionIdOf, launchWithExtension, serviceWorker } from './browser';
import { api, PASSWORD, signInApi } from './team-api';
import { startTeamServer, type TeamServer } from './team-server';

export { api, PASSWORD, signInApi, type SignedIn } from './team-api';

// Team mode in real browsers, shared by the team specs: the server in its own
// process on 127.0.0.1 (the admin added with the CLI, everyone else by the admin
// through the API, as the options page does), and browser profiles of their own.
//
// Sign-in is sent to the background from the options page as its Sign in button
// sends it: the button first asks for the server's host permission, a prompt a
// headless browser cannot answer (the server answers extensions' CORS checks, which
// is what lets the background reach it without the permission here).

export const ADMIN = { email: 'admin@example.com', name: 'Ada Admin' };
export const A = { email: 'li.wei@example.com', name: 'Li Wei' };
export const M = { email: 'mia@example.com', name: 'Mia Manager' };
export const B = { email: 'bob@example.com', name: 'Bob Rep' };

export interface Profile {
  context: BrowserContext;
  extensionId: string;
  dir: string;
  options: Page;
}

/** The team's people: the admin from the CLI (as on a new server), the rest added by the admin. */
export async function addTeam(server: TeamServer): Promise<void> {
  server.addUser(ADMIN.email, ADMIN.name, 'admin', PASSWORD);
  await server.start();
  const admin = await signInApi(server.url, ADMIN.email);
  for (const [who, role] of [
    [M, 'manager'],
    [A, 'rep'],
    [B, 'rep'],
  ] as const) {
    const added = await api(server.url, admin.token, '/api/users', { ...who, role, password: PASSWORD });
    if (added.status !== 201) throw new Error(`adding ${who.email}: ${added.status}`);
  }
}

/** Browser profiles of their own, each with the extension and its options page open; closed after. */
// eslint-disable-next-line no-empty-pattern
export async function profileFixture({}, use: (open: () => Promise<Profile>) => Promise<void>) {
  const opened: Profile[] = [];
  await use(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crm-team-'));
    const context = await launchWithExtension(dir);
    const extensionId = extensionIdOf(await serviceWorker(context));
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html#team`);
    const profile = { context, extensionId, dir, options };
    opened.push(profile);
    return profile;
  });
  for (const p of opened) {
    await p.context.close();
    await rm(p.dir, { recursive: true, force: true });
  }
}

/**
 * The team fixtures: a server started with `serverOptions` (the pool's specs move its clock:
 * `testMode`) holding the team's people, and browser profiles.
 */
export function teamTest(serverOptions: Parameters<typeof startTeamServer>[0] = {}) {
  return base.extend<{ server: TeamServer; profile: () => Promise<Profile> }>({
    // eslint-disable-next-line no-empty-pattern
    server: async ({}, use) => {
      const server = await startTeamServer(serverOptions);
      await addTeam(server);
      await use(server);
      await server.stop();
    },
    profile: profileFixture,
  });
}

export const test = teamTest();

export { expect };

/** Signs a profile in to `serverUrl` (the server's, or a gate in front of it) from its options page. */
export async function signIn(
  p: Profile,
  serverUrl: string,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await p.options.goto(`chrome-extension://${p.extensionId}/options.html#team`);
  await expect(p.options.getByTestId('team-sign-in')).toBeVisible();
  const answer = await p.options.evaluate(
    (m) => chrome.runtime.sendMessage(m) as Promise<{ ok: boolean; error?: string }>,
    { type: 'team/sign-in', serverUrl, email, password },
  );
  expect(answer).toMatchObject({ ok: true });
  await expect(p.options.getByTestId('team-signed-in')).toBeVisible();
}

/** The token the profile's background holds. */
export async function tokenOf(p: Profile): Promise<string> {
  const worker = await serviceWorker(p.context);
  return worker.evaluate(async () => {
    const stored = await chrome.storage.local.get('teamSession');
    return (stored.teamSession as { token: string }).token;
  });
}

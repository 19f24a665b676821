// The team demo: the team server on its embedded database with a demo team (an
// admin, a manager, a rep whose book is the demo book), and two Chromium windows,
// the rep's and the manager's (profiles of their own, the extension loaded, signed
// in, on the demo mailbox). No account, no key, no network beyond 127.0.0.1.
//   npm run demo:team                 two windows to click around in (needs a display)
//   npm run demo:team -- --headless   no windows: screenshots in demo-screenshots/
//   TEAM_DEMO_PORT=8787 (default)     where the server listens
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { extensionIdOf, launchWithExtension, loadDemoBook, serviceWorker } from '../../test/support/browser';
import { api, signInApi } from '../../test/support/team-api';
import { startTeamServer } from '../../test/support/team-server';
import { DEMO_MAILBOX_URL } from '../../test/support/webmail-routes';

const headless =
  process.argv.includes('--headless') || (!process.env.DISPLAY && process.platform === 'linux');
const port = Number(process.env.TEAM_DEMO_PORT ?? 8787);
const PASSWORD = 'demo password 2026';
const TEAM = {
  admin: { email: 'admin@brightway.example', name: 'Ada Admin', role: 'admin' },
  manager: { email: 'mia@brightway.example', name: 'Mia Wang', role: 'manager' },
  rep: { email: 'lily@brightway.example', name: 'Lily Chen', role: 'rep' },
} as const;

const say = (line: string) => process.stdout.write(line + '\n');

interface Window {
  context: BrowserContext;
  extensionId: string;
  dir: string;
  mail: Page;
  panel: Page;
}

/** One person's browser: a profile of its own, signed in from the options page, on the demo mailbox. */
async function openWindow(
  who: (typeof TEAM)['rep' | 'manager'],
  serverUrl: string,
  withBook: boolean,
): Promise<Window> {
  const dir = await mkdtemp(path.join(tmpdir(), `trade-inbox-crm-team-${who.role}-`));
  const context = await launchWithExtension(dir, { headless });
  const extensionId = extensionIdOf(await serviceWorker(context));
  if (withBook) await loadDemoBook(context, extensionId);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#team`);
  await options.getByTestId('team-sign-in').waitFor();
  // What the Sign in button sends, minus the host permission prompt (loopback needs none).
  const answer = await options.evaluate(
    (m) => chrome.runtime.sendMessage(m) as Promise<{ ok: boolean; error?: string }>,
    { type: 'team/sign-in', serverUrl, email: who.email, password: PASSWORD },
  );
  if (!answer.ok) throw new Error(`${who.name} could not sign in: ${answer.error}`);
  await options.getByTestId('team-signed-in').waitFor();
  // The first sync done: nothing waits to go (the rep's book uploaded), and the book is here.
  await options.getByText('0 changes waiting').waitFor({ timeout: 120_000 });
  await options.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('trade-inbox-crm');
        open.onsuccess = () => {
          const count = open.result.transaction('companies').objectStore('companies').count();
          count.onsuccess = () => (resolve(count.result > 0), open.result.close());
        };
        open.onerror = () => resolve(false);
      }),
    undefined,
    { timeout: 120_000, polling: 500 },
  );
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 420, height: 1000 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const mail = context.pages()[0] ?? (await context.newPage());
  await mail.goto(DEMO_MAILBOX_URL);
  await options.close();
  return { context, extensionId, dir, mail, panel };
}

const server = await startTeamServer({ embedded: true, port });
server.addUser(TEAM.admin.email, TEAM.admin.name, 'admin', PASSWORD);
await server.start();
const admin = await signInApi(server.url, TEAM.admin.email, PASSWORD);
for (const who of [TEAM.manager, TEAM.rep]) {
  const added = await api(server.url, admin.token, '/api/users', { ...who, password: PASSWORD });
  if (added.status !== 201) throw new Error(`adding ${who.email}: ${added.status} ${await added.text()}`);
}
say(`Team server on ${server.url} (embedded PGlite in a temporary folder, gone when the demo ends)`);

const windows: Window[] = [];
const stop = async () => {
  for (const w of windows) {
    await w.context.close().catch(() => undefined);
    await rm(w.dir, { recursive: true, force: true });
  }
  await server.stop();
};

try {
  // The rep first: her solo demo book joins the team, then the manager receives it.
  windows.push(await openWindow(TEAM.rep, server.url, true));
  windows.push(await openWindow(TEAM.manager, server.url, false));
} catch (error) {
  await stop();
  throw error;
}
const [rep, manager] = windows as [Window, Window];

if (headless) {
  const out = path.resolve('demo-screenshots');
  await mkdir(out, { recursive: true });
  for (const [name, w] of [
    ['rep', rep],
    ['manager', manager],
  ] as const) {
    await w.mail.bringToFront();
    await w.mail.locator('tr.zA').first().click();
    await w.panel.getByTestId('card').waitFor({ timeout: 30_000 });
    // The card's lower sections draw a frame after its first screen, and the drafts after the value.
    await w.panel.getByTestId('company-name').waitFor({ timeout: 30_000 });
    await w.panel.locator('[data-testid="replies"][aria-busy="false"]').waitFor({ timeout: 30_000 });
    await w.panel.screenshot({ path: path.join(out, `team-${name}-panel.png`), fullPage: true });
  }
  say(`Screenshots of the rep's and the manager's side panels saved in ${out}`);
  await stop();
} else {
  say('Two Chromium windows are open on the demo mailbox, each signed in to the team server:');
  say(`  the rep's:     ${TEAM.rep.name} <${TEAM.rep.email}>, with the demo book`);
  say(`  the manager's: ${TEAM.manager.name} <${TEAM.manager.email}>, who sees the rep's customers`);
  say(`Password for all three (the admin is ${TEAM.admin.email}): ${PASSWORD}`);
  say("Open the side panel from the extension's toolbar icon in each, or the sidepanel.html tab.");
  say(
    'Log a contact in the rep window: the manager’s panel and dashboard show it. Close both windows to stop.',
  );
  await Promise.all(
    windows.map((w) => new Promise<void>((resolve) => w.context.on('close', () => resolve()))),
  );
  await stop();
}

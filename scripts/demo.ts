// The run command: opens Chromium with the built extension on the demo Gmail
// mailbox and the demo book. No account, no key, no network.
//   npm start                 a window to click around in (needs a display)
//   npm start -- --headless   no window: saves screenshots to demo-screenshots/
import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extensionIdOf, launchWithExtension, loadDemoBook, serviceWorker } from '../test/support/browser';
import { DEMO_MAILBOX_URL } from '../test/support/webmail-routes';

const headless =
  process.argv.includes('--headless') || (!process.env.DISPLAY && process.platform === 'linux');

const profile = await mkdtemp(path.join(tmpdir(), 'trade-inbox-crm-demo-'));
const context = await launchWithExtension(profile, { headless });
const extensionId = extensionIdOf(await serviceWorker(context));
await loadDemoBook(context, extensionId);

const mail = context.pages()[0] ?? (await context.newPage());
await mail.goto(DEMO_MAILBOX_URL);
const panelUrl = `chrome-extension://${extensionId}/sidepanel.html`;

if (headless) {
  const out = path.resolve('demo-screenshots');
  await mkdir(out, { recursive: true });
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 420, height: 1000 });
  await panel.goto(panelUrl);
  // Open the first inquiry the way a rep would, then capture mailbox and panel.
  await mail.bringToFront();
  await mail.locator('tr.zA').first().click();
  await panel.getByTestId('card').waitFor({ timeout: 15_000 });
  await mail.screenshot({ path: path.join(out, 'mailbox.png') });
  await panel.screenshot({ path: path.join(out, 'panel.png'), fullPage: true });
  console.log(`Screenshots saved in ${out}`);
  await context.close();
} else {
  console.log('Chromium is open on the demo mailbox with the demo book loaded.');
  console.log("Click the extension's toolbar icon (pin it from the puzzle menu) to open the side panel,");
  console.log(`or open ${panelUrl} in a tab. Close the browser window to stop.`);
  await new Promise<void>((resolve) => context.on('close', () => resolve()));
}

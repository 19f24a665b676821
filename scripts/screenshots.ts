// Screenshots of the side panel's card for every demo inquiry, in English and
// Chinese, for the README and for looking at the panel as a rep sees it.
//   npm run screenshots                       420 px wide, into docs/screenshots/
//   npm run screenshots -- --width 320 --out /tmp/shots [--only hansen] [--full]
// Needs the built extension (`npx wxt build`) and a CJK font (fonts-wqy-microhei).
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNT, DEMO_THREADS } from '../lib/demo/mailbox';
import { extensionIdOf, launchWithExtension, loadDemoBook, serviceWorker } from '../test/support/browser';
import { DEMO_MAILBOX_URL } from '../test/support/webmail-routes';

const { values } = parseArgs({
  options: {
    width: { type: 'string', default: '420' },
    height: { type: 'string', default: '900' },
    out: { type: 'string', default: 'docs/screenshots' },
    only: { type: 'string' },
    full: { type: 'boolean', default: false },
    lang: { type: 'string' },
  },
});
const width = Number(values.width);
const out = path.resolve(values.out!);
const languages = values.lang ? [values.lang] : ['en', 'zh-CN'];

/** A file name a reader can find: the thread's subject, shortened. */
const slug = (subject: string) =>
  subject
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 32)
    .replace(/-$/, '') || 'inquiry';

const profile = await mkdtemp(path.join(tmpdir(), 'trade-inbox-crm-shots-'));
const context = await launchWithExtension(profile);
try {
  const extensionId = extensionIdOf(await serviceWorker(context));
  await loadDemoBook(context, extensionId);
  await mkdir(out, { recursive: true });
  const panel = await context.newPage();
  await panel.setViewportSize({ width, height: Number(values.height) });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const mail = await context.newPage();
  const threads = DEMO_THREADS.filter((thread, index) => {
    const name = `${String(index + 1).padStart(2, '0')}-${slug(thread.subject)}`;
    return !values.only || name.includes(values.only);
  });
  for (const language of languages) {
    await panel.getByTestId('language-switch').selectOption(language);
    for (const thread of threads) {
      const index = DEMO_THREADS.indexOf(thread);
      await mail.goto(`${DEMO_MAILBOX_URL}/${thread.id}`);
      await panel.getByTestId('card').waitFor({ timeout: 20_000 });
      const newest = thread.messages.at(-1)!;
      const counterpart = newest.from.email === DEMO_ACCOUNT.email ? newest.to[0]! : newest.from;
      await panel.getByTestId('sender-email').getByText(counterpart.email).waitFor({ timeout: 20_000 });
      // Drafts and value arrive after the card: wait until the panel stops changing.
      await panel.getByTestId('reply-draft').first().waitFor({ timeout: 20_000 });
      await panel.waitForTimeout(400);
      const file = path.join(
        out,
        `${String(index + 1).padStart(2, '0')}-${slug(thread.subject)}-${language === 'en' ? 'en' : 'zh'}${width === 420 ? '' : `-${width}`}.png`,
      );
      await panel.screenshot({ path: file, fullPage: values.full });
      console.log(path.relative(process.cwd(), file));
    }
  }
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}

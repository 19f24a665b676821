// Bundled into the Chromium pages of `npm run fuzz`: the content script's readers and the
// background's card pipeline, timed inside the page itself, so the figures are what they
// cost on a browser's thread (the background runs on the same engine as this page).
import { readGmail } from '../../lib/adapters/gmail';
import { readOutlook } from '../../lib/adapters/outlook';
import { openCrmDb } from '../../lib/db/db';
import { loadIpDatabase } from '../../lib/origin/ipdb';
import { cardPipeline, WARM_EMAIL } from './pipeline';

/** Fetches one hostile page, writes it over the tab's document (the address stays the webmail's) and reads it. */
async function read(webmail: 'gmail' | 'outlook', url: string) {
  const html = await (await fetch(url)).text();
  document.open();
  document.write(html);
  document.close();
  // The webmail has laid its page out before the content script reads it: do the same, so the
  // figure is the reader's own time and not the first layout of a freshly written document.
  void document.documentElement.getBoundingClientRect();
  const t0 = performance.now();
  const state = webmail === 'gmail' ? readGmail(document, location) : readOutlook(document, location);
  return { ms: performance.now() - t0, state };
}

let readOne: ((raw: string) => Promise<number>) | undefined;

/** Opens an empty book in this page's IndexedDB and loads the IP database from the address given. */
async function startEmails(ipdbUrl: string): Promise<void> {
  const bytes = new Uint8Array(await (await fetch(ipdbUrl)).arrayBuffer());
  readOne = cardPipeline(openCrmDb(`fuzz-${Date.now()}`), loadIpDatabase(bytes));
  await readOne(WARM_EMAIL);
}

/** Fetches one email from the address given and puts it through the card's pipeline; ms. */
async function readEmail(url: string): Promise<number> {
  if (!readOne) throw new Error('startEmails first');
  const raw = await (await fetch(url)).text();
  return readOne(raw);
}

Object.assign(globalThis, { __fuzzReader: { read, startEmails, readEmail } });

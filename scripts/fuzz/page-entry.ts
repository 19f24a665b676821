// Bundled into the Chromium pages of `npm run fuzz`: the content script's readers, timed
// inside the page itself so the figure is the reader's time on the webmail's own thread.
import { readGmail } from '../../lib/adapters/gmail';
import { readOutlook } from '../../lib/adapters/outlook';

/** Replaces the page's document with one hostile page (the address stays the webmail's) and reads it. */
function read(webmail: 'gmail' | 'outlook', html: string) {
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

Object.assign(globalThis, { __fuzzReader: { read } });

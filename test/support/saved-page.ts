import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Window } from 'happy-dom';
import { afterEach } from 'vitest';
import type { EmailInquiryInput, PageStateInput } from '@/lib/email';

// The readers' unit tests open saved webmail pages in the test DOM at the webmail's own
// address, scripts off, and close every window after each test.

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

export interface SavedPage {
  doc: Document;
  loc: Location;
  window: Window;
}

/**
 * Registers the clean-up and returns an opener of pages saved under test/fixtures/`folder`,
 * and of a blank page for tests that build their own.
 */
export function savedPages(folder = ''): {
  open: (file: string, url: string) => SavedPage;
  blank: () => SavedPage;
} {
  const windows: Window[] = [];
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
  });
  const blank = (url?: string) => {
    const window = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
    windows.push(window);
    return {
      doc: window.document as unknown as Document,
      loc: window.location as unknown as Location,
      window,
    };
  };
  return {
    open: (file, url) => {
      const page = blank(url);
      page.window.document.write(readFileSync(path.join(FIXTURES, folder, file), 'utf8'));
      return page;
    },
    blank: () => blank(),
  };
}

/** The inquiry a reader found, or a failure that shows what it found instead. */
export function inquiryOf(state: PageStateInput): EmailInquiryInput {
  if (state.kind !== 'inquiry') throw new Error(`expected an inquiry, got ${JSON.stringify(state)}`);
  return state.inquiry;
}

/** A local time, as the webmails print dates in the reader's zone. */
export const localTime = (y: number, mo: number, d: number, h: number, mi: number) =>
  new Date(y, mo - 1, d, h, mi).getTime();

import type { Page, Worker } from '@playwright/test';
import { expect, readStore, test } from './harness';

// Issue 11, the busy background: the whole-book valuation runs on its own thread (a Worker of an
// offscreen document), writes the same results, and the open card shows the new tier after it,
// also when the valuation's document is closed while it runs.

const HANSEN_ORDER = 'Repeat order: PO HL-26-044';

/** Writes value settings with no VIP tier (from an extension page, like a restore would). */
async function noVipTier(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('trade-inbox-crm');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('settings', 'readwrite');
          tx.objectStore('settings').put({
            key: 'value',
            value: { cutoffs: { vip: 0, key: 5, ordinary: 20 } },
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Asks the background to value the whole book now (as the options page does after new settings). */
function valueWholeBook(page: Page): Promise<unknown> {
  return page.evaluate(() => chrome.runtime.sendMessage({ type: 'value/recompute' }));
}

function offscreenDocuments(worker: Worker): Promise<number> {
  return worker.evaluate(
    async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length,
  );
}

/** The stored results are one whole generation: every company once, all from one valuation. */
async function oneWholeValuation(page: Page): Promise<void> {
  const records = await readStore<{ ids: string[]; computedAt: number }>(page, 'valueSummaries');
  const ids = records.flatMap((r) => r.ids);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(records.map((r) => r.computedAt)).size).toBe(1);
  const companies = await readStore(page, 'companies');
  expect(ids.length).toBe(companies.length);
}

/** Hansen's card open at VIP, and a value model under which no customer is VIP any more (not yet valued). */
async function hansenBeforeRevaluing(openDemo: () => Promise<{ panel: Page; mail: Page }>) {
  const { panel, mail } = await openDemo();
  await mail.getByText(HANSEN_ORDER).click();
  const badge = panel.getByTestId('value-view').getByTestId('tier-badge');
  await expect(badge).toHaveAttribute('data-tier', 'vip');
  await noVipTier(panel);
  return { panel, badge };
}

test('the whole book is valued in the valuation worker and the open card shows the new tier', async ({
  openDemo,
  worker,
}) => {
  const { panel, badge } = await hansenBeforeRevaluing(openDemo);
  await valueWholeBook(panel);
  // Valued by the offscreen document's worker, not in the background's thread.
  expect(await offscreenDocuments(worker)).toBe(1);
  await expect(badge).toHaveAttribute('data-tier', 'key');
  await oneWholeValuation(panel);
});

test("a valuation whose worker's document is closed while it runs is run again, and the card still updates", async ({
  openDemo,
  worker,
}) => {
  const { panel, badge } = await hansenBeforeRevaluing(openDemo);
  const valued = valueWholeBook(panel);
  // Close the valuation's document as soon as it is there: the run in it is cut short.
  await expect.poll(() => offscreenDocuments(worker), { intervals: [5] }).toBe(1);
  await worker.evaluate(() => chrome.offscreen.closeDocument());
  await valued;
  await expect(badge).toHaveAttribute('data-tier', 'key');
  await oneWholeValuation(panel);
});

import { EXTENSION_PATH } from '../support/browser';
import {
  BenchPage,
  CRM_DB,
  contentScriptSizes,
  loadBook,
  measureEnrichLibrary,
  measureExportImport,
  measureDashboard,
  measureIndexedGet,
  measureValueRecompute,
} from '../../scripts/bench/measure';
import type { Latency } from '../../scripts/bench/stats';
import {
  listenInWorker,
  mailboxSenders,
  measureLongestTask,
  measurePanelLatency,
  openMailbox,
} from '../../scripts/bench/webmail';
import { expect, test } from './harness';

// The benchmark harness at smoke scale, so it cannot rot: every in-browser
// measuring function runs against the built extension and yields a number.
// Only that is asserted, never a timing goal (`npm run bench` prints those).

function expectFinite(latency: Latency): void {
  expect(latency.n).toBeGreaterThan(0);
  for (const value of [latency.p50, latency.p95]) expect(Number.isFinite(value)).toBe(true);
}

test('the benchmark harness measures every figure at smoke scale', async ({
  context,
  worker,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const sizes = await contentScriptSizes(EXTENSION_PATH);
  expect(sizes.total).toBeGreaterThan(0);

  const bench = await BenchPage.open(context, extensionId);
  // As the bench does: the card's arrival is heard on the page's port, which the mailbox opens.
  await listenInWorker(worker);
  const mailbox = await openMailbox(context, extensionId, { maxThreads: 2 });
  const anchors = mailboxSenders(mailbox);
  expect(anchors.length).toBeGreaterThan(0);

  const load = await loadBook(bench, { companies: 60, anchors }, { companiesPerChunk: 25 });
  // The background values the new book as a whole and answers when it is done.
  expect(Number.isFinite(await bench.call('valueInBackground', []))).toBe(true);
  expect(load.counts.companies).toBe(60);
  expect(Number.isFinite(load.writeMs)).toBe(true);

  const emails = anchors.map((a) => a.email);
  expectFinite(await measureIndexedGet(bench, emails, 5));
  expectFinite(await measureEnrichLibrary(bench, anchors, 3));

  const panel = await measurePanelLatency(mailbox, worker, 2);
  for (const part of [panel.total, panel.contentScript, panel.background, panel.render]) expectFinite(part);
  expect(Number.isFinite(panel.first)).toBe(true);

  const longest = await measureLongestTask({ ...mailbox, threads: mailbox.threads.slice(0, 1) }, 1);
  expect(Number.isFinite(longest.longestTaskMs)).toBe(true);
  expect(longest.tasks).toBeGreaterThan(0);

  if (await bench.hasHandover()) {
    const handover = await measureExportImport(bench, CRM_DB);
    expect(handover.records).toBeGreaterThan(load.counts.companies);
    for (const value of [handover.exportMs, handover.importMs, handover.bundleMB, handover.importPeakHeapMB])
      expect(Number.isFinite(value)).toBe(true);
  }

  const value = await measureValueRecompute(bench, 3, 1000, Date.UTC(2025, 5, 1));
  expect(value.companies).toBe(60);
  // The packed inputs were topped up to about the figure's order count after the first recompute;
  // the timed one read them as they were, rebuilding and refreshing nothing.
  expect(value.topUp.added).toBeGreaterThan(0);
  expect(value.orders).toBe(value.rebuild.orders + value.topUp.added);
  expect([value.rebuilt, value.refreshed]).toEqual([false, 0]);
  for (const ms of [value.fullMs, value.coldMs, value.rebuild.fullMs]) expect(Number.isFinite(ms)).toBe(true);
  expectFinite(value.incremental);
  expectFinite(value.upkeep);

  const dashboard = await measureDashboard(bench, Date.UTC(2025, 5, 1), 1);
  expect(Number.isFinite(dashboard.tablesMs)).toBe(true);
  expect(Object.keys(dashboard.periods)).toEqual(['30', '90', '365', 'all']);
  for (const period of Object.values(dashboard.periods)) expectFinite(period.latency);
  expect(dashboard.periods.all!.threads).toBeGreaterThan(0);
  await bench.close();
});

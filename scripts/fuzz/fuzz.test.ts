import { expect, it } from 'vitest';
import { formatFigures, runFuzz } from './run';

// The short run of `npm run fuzz` kept in the unit suite: the same seeded cases every
// time, so a failure here is replayed with `npm run fuzz -- --seed 7 --cases N`. It
// asserts what must never happen (an exception, a page update the background would
// drop, an accepted file that breaks a later page); timings are printed, not asserted.
it('hostile emails, pages, bundles and CSV files: no exception, no stale card, nothing accepted that breaks later', async () => {
  const figures = await runFuzz({ seed: 7, cases: { email: 60, page: 30, bundle: 30, csv: 30 } });
  console.info(formatFigures(figures));
  for (const kind of ['email', 'page', 'bundle', 'csv'] as const) {
    expect(figures.kinds[kind].exceptions, `${kind}: ${figures.kinds[kind].problems.join('\n')}`).toBe(0);
  }
  expect(figures.kinds.page.staleCards, figures.kinds.page.problems.join('\n')).toBe(0);
  expect(figures.kinds.bundle.brokeLater, figures.kinds.bundle.problems.join('\n')).toBe(0);
  expect(figures.kinds.csv.brokeLater, figures.kinds.csv.problems.join('\n')).toBe(0);
  expect(figures.kinds.bundle.accepted).toBeGreaterThan(0);
  expect(figures.kinds.csv.accepted).toBeGreaterThan(0);
}, 180_000);

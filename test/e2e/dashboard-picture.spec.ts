import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, loadDemoBook, readStore, test } from './harness';

// The dashboard's customer picture on the demo book, valued by the background
// worker: the pyramid's counts, the Pareto curve's 20% point and the at-risk list
// are checked against numbers computed here from the stored records (the value
// model's stored readings and the raw orders), not through lib/metrics; a table's
// CSV export is checked against the table on screen.

const TIERS = ['vip', 'key', 'ordinary', 'small'];
const STAGES = ['exploration', 'development', 'stable', 'decline'];

interface Summary {
  companyId: string;
  tier: string;
  stage: string;
  clv: number;
  orderCount: number;
}
interface StoredCompany {
  id: string;
  name: string;
  ownerRepId: string;
}
interface StoredOrder {
  companyId: string;
  date: number;
  amount: number;
  cost?: number;
  status: string;
}

/** Every company's stored reading of the last full recompute, unpacked here from the bucket records. */
async function storedSummaries(page: Page): Promise<Summary[]> {
  return page.evaluate(
    ({ tiers, stages }) =>
      new Promise<Summary[]>((resolve, reject) => {
        const open = indexedDB.open('trade-inbox-crm');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('valueSummaries').objectStore('valueSummaries').getAll();
          all.onsuccess = () => {
            const out: Summary[] = [];
            for (const r of all.result as {
              ids: string[];
              tier: Uint8Array;
              stage: Uint8Array;
              clv: Float64Array;
              orderCount: Uint32Array;
            }[])
              r.ids.forEach((companyId, j) =>
                out.push({
                  companyId,
                  tier: tiers[r.tier[j]!]!,
                  stage: stages[r.stage[j]!]!,
                  clv: r.clv[j]!,
                  orderCount: r.orderCount[j]!,
                }),
              );
            open.result.close();
            resolve(out);
          };
          all.onerror = () => reject(all.error);
        };
      }),
    { tiers: TIERS, stages: STAGES },
  );
}

function csvRows(text: string): string[][] {
  // The dashboard's cells hold no quotes or line breaks: split plainly, then unquote.
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r\n/)
    .map((line) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).slice(0, -1))
    .map((cells) => cells.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
}

test('the customer picture matches the stored values and orders, and its tables export as shown', async ({
  context,
  extensionId,
}) => {
  test.slow(); // the whole page, on a machine shared with other suites
  await loadDemoBook(context, extensionId);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#period=365`);
  // Value the whole book now (the background would a minute after start).
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'value/changed', companyIds: [], all: true }));
  await expect
    .poll(async () => (await readStore(page, 'valueSummaries')).length, { timeout: 20_000 })
    .toBeGreaterThan(0);
  await page.getByTestId('refresh').click();
  await expect(page.getByTestId('dashboard-loading')).toHaveCount(0);
  await expect(page.getByTestId('customer-picture')).toBeVisible();

  const [summaries, companies, orders] = await Promise.all([
    storedSummaries(page),
    readStore<StoredCompany>(page, 'companies'),
    readStore<StoredOrder>(page, 'orders'),
  ]);
  expect(summaries).toHaveLength(companies.length);

  // The pyramid: customers per tier, the negative-value group (ordered, CLV < 0) apart.
  const group = (s: Summary) => (s.orderCount > 0 && s.clv < 0 ? 'negative' : s.tier);
  for (const key of [...TIERS, 'negative']) {
    const expected = summaries.filter((s) => group(s) === key).length;
    await expect(page.getByTestId(`picture-pyramid-${key}`)).toHaveAttribute(
      'data-customers',
      String(expected),
    );
  }
  expect(summaries.filter((s) => s.tier === 'vip').length).toBeGreaterThan(0);
  for (const stage of STAGES)
    await expect(page.getByTestId(`picture-stages-${stage}`)).toHaveAttribute(
      'data-customers',
      String(summaries.filter((s) => s.stage === stage).length),
    );

  // The Pareto curve's 20% point: margins of counted orders in the last 365 days per buyer.
  const range = page.getByTestId('period-range');
  const from = Number(await range.getAttribute('data-from'));
  const to = Number(await range.getAttribute('data-to'));
  const margin = new Map<string, number>();
  for (const o of orders)
    if (['confirmed', 'shipped', 'paid'].includes(o.status) && o.date >= from && o.date < to)
      margin.set(o.companyId, (margin.get(o.companyId) ?? 0) + o.amount - o.cost!);
  const sorted = [...margin.values()].sort((a, b) => b - a);
  const golden = Math.ceil(sorted.length * 0.2);
  const total = sorted.reduce((a, b) => a + b, 0);
  const share = sorted.slice(0, golden).reduce((a, b) => a + b, 0) / total;
  const pareto = page.getByTestId('pareto');
  await expect(pareto).toHaveAttribute('data-buyers', String(sorted.length));
  await expect(pareto).toHaveAttribute('data-golden', String(golden));
  expect(Number(await pareto.getAttribute('data-golden-share'))).toBeCloseTo(share, 9);
  await expect(page.getByTestId('pareto-summary')).toContainText(`${Math.round(share * 100)}%`);
  // The chart is drawn, and only by the dashboard.
  await expect(page.getByTestId('pareto-chart').locator('canvas')).toHaveCount(1);

  // The at-risk list: declining VIP, Key and Ordinary customers by value at stake (CLV).
  const name = new Map(companies.map((c) => [c.id, c.name]));
  const atRisk = summaries
    .filter((s) => s.stage === 'decline' && ['vip', 'key', 'ordinary'].includes(s.tier) && s.clv > 0)
    .sort((a, b) => b.clv - a.clv);
  expect(atRisk.length).toBeGreaterThan(0);
  const rows = page.getByTestId('at-risk-row');
  await expect(rows).toHaveCount(atRisk.length);
  for (let i = 0; i < atRisk.length; i++) {
    await expect(rows.nth(i)).toHaveAttribute('data-company-id', atRisk[i]!.companyId);
    await expect(rows.nth(i).locator('.company')).toHaveText(name.get(atRisk[i]!.companyId)!);
  }
  // Oakridge (the demo's fading Key account): its signals, owner and win-back action, then its history.
  const oakridge = rows.filter({ hasText: 'Oakridge' });
  await expect(oakridge.getByTestId('at-risk-signals')).toContainText('fewer orders', { ignoreCase: true });
  await expect(oakridge.getByTestId('at-risk-owner')).not.toBeEmpty();
  await expect(oakridge.getByTestId('at-risk-action')).not.toHaveText('…');
  await oakridge.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('customer-history').getByTestId('history-entry').first()).toBeVisible();

  // The pyramid's CSV is the table on screen, cell for cell.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-picture-pyramid').click();
  const file = await readFile((await (await download).path())!, 'utf8');
  expect(file.startsWith('\uFEFF')).toBe(true);
  const onScreen = await page
    .locator('#picture-pyramid tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
    );
  expect(csvRows(file)).toEqual(onScreen);

  // Rep filter: Kevin's customers only.
  await page.getByTestId('filter-rep').selectOption({ label: 'Kevin Wu' });
  const kevins = new Set(companies.filter((c) => c.ownerRepId === 'demo-rep-kevin').map((c) => c.id));
  const kevinVip = summaries.filter((s) => kevins.has(s.companyId) && group(s) === 'vip').length;
  await expect(page.getByTestId('picture-pyramid-vip')).toHaveAttribute('data-customers', String(kevinVip));
  await expect(rows).toHaveCount(atRisk.filter((s) => kevins.has(s.companyId)).length);

  // Trends: a chart per figure with its numbers in a table.
  await expect(page.getByTestId('trend-responseMedian').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('trend-figures').locator('tbody tr')).toHaveCount(53);
});

// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCrmDb, type CrmDb } from '@/lib/db/db';
import { seedEmptyBook } from '@/lib/db/seed';
import { demoBook } from '@/lib/demo/book';
import type { UiLanguage } from '@/lib/i18n';
import { readSnapshot, saveSnapshot } from '@/lib/metrics/snapshot';
import { currentStamp } from '@/lib/metrics/snapshotStamp';
import { recomputeAll } from '@/lib/value/recompute';
import { cleanup, render as mount, settle, waitFor, type Rendered } from '@/test/support/render';
import { DashboardApp } from './DashboardApp';
import { paintKept, readPaint } from './keptPaint';
import { PAGE_SIZE } from './ThreadsTable';

let db: CrmDb;
let view: Rendered;
let host: HTMLElement;
let n = 0;

beforeEach(() => {
  fakeBrowser.reset();
  localStorage.clear();
  db = openCrmDb(`dashboard-app-${n++}`);
  location.hash = '';
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const q = (id: string) => view.q(id);
const all = (id: string) => view.qa(id);
async function render(language: UiLanguage = 'en') {
  view = mount(<DashboardApp db={db} />, { lang: language });
  host = view.host;
  await settle();
}
async function demo() {
  const now = Date.now();
  const book = demoBook(now);
  await seedEmptyBook(db, book, book.reps[0]?.id);
  await recomputeAll(db, now);
}
const change = (el: HTMLElement, value: string) => view.type(el, value);
/** The period's threads are listed (they come with the whole view, after the figures). */
const listed = () => q('threads') !== null && q('threads-listing') === null;
/** Today's whole view is on screen: figures, comparison and thread list. */
const measured = () => q('dashboard-ready') !== null && q('dashboard-loading') === null && listed();

describe('DashboardApp', () => {
  it('explains how to log when nothing is logged', async () => {
    await render();
    await waitFor(() => q('dashboard-empty') !== null);
    expect(q('dashboard-empty')!.textContent).toContain('Log this contact');
    expect(q('empty-demo-link')!.getAttribute('href')).toBe('/options.html#demo');
    expect(q('filter-period')).toBeNull();
  });

  it('shows the scorecard, sources and threads, filters by rep and expands a row with the keyboard', async () => {
    await demo();
    await render();
    await waitFor(() => measured());
    expect(q('scorecard-column-team')!.textContent).toBe('Team');
    expect(all('definitions')[0]!.querySelectorAll('li').length).toBe(10);

    await act(async () => change(q('filter-period')!, '365'));
    await waitFor(() => q('dashboard-loading') === null && q('best-source') !== null && listed());
    expect(q('source-trade-show')!.querySelector('[data-testid="best-source"]')).not.toBeNull();
    const rows = all('thread-row');
    expect(rows.length).toBe(PAGE_SIZE);
    expect(q('page-range')!.textContent).toMatch(/^1–25 of \d+$/);

    // Kevin's threads only; the scorecard shows the team and Kevin.
    await act(async () => change(q('filter-rep')!, 'demo-rep-kevin'));
    expect(
      all('thread-row').every(
        (r) => r.querySelector('[data-testid="thread-rep"]')!.textContent === 'Kevin Wu',
      ),
    ).toBe(true);
    expect(q('scorecard-column-demo-rep-kevin')).not.toBeNull();
    expect(q('scorecard-column-demo-rep')).toBeNull();

    // Enter opens the row's history, read as text.
    const row = all('thread-row')[0]!;
    await act(async () => {
      row.focus();
      row.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(row.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => all('timeline-entry').length > 0);
    await act(async () => row.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(q('thread-timeline')).toBeNull();
  });

  it('never renders logged text as HTML and links only to webmail', async () => {
    await db.interactions.bulkAdd([
      {
        id: 'x1',
        threadId: 'T-evil',
        direction: 'in',
        channel: 'email',
        at: Date.now() - 3_600_000,
        subject: '<img src=x onerror="window.pwned=1">Price',
        summary: '<script>window.pwned=1</script>',
        intent: 'price-inquiry',
        outcome: '',
        repId: 'r',
        authorRepId: 'r',
        url: 'javascript:window.pwned=1',
        createdAt: 0,
        updatedAt: 0,
      },
    ]);
    await render();
    await waitFor(() => all('thread-row').length === 1);
    const row = all('thread-row')[0]!;
    expect(row.textContent).toContain('<img src=x');
    await act(async () => row.click());
    await waitFor(() => all('timeline-entry').length === 1);
    expect(host.querySelector('img, script')).toBeNull();
    expect(q('reopen-thread')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it("shows the customer picture, the at-risk customers' signals and action, and filters both by rep", async () => {
    await demo();
    await render();
    await waitFor(() => measured());
    const vip = () => Number(q('picture-pyramid-vip')!.getAttribute('data-customers'));
    expect(vip()).toBe(1);
    const risky = () => all('at-risk-row');
    await waitFor(() => risky().length > 0 && !risky()[0]!.textContent!.includes('…'));
    const oakridge = risky().find((r) => r.textContent!.includes('Oakridge'))!;
    expect(oakridge.querySelector('[data-testid="at-risk-signals"]')!.textContent).toContain('Fewer orders');
    expect(oakridge.querySelector('[data-testid="at-risk-action"]')!.textContent).not.toBe('—');
    await act(async () => oakridge.click());
    await waitFor(() => all('history-entry').length > 0);

    // Kevin owns no declining high-value customer in the demo book: the list says so.
    await act(async () => change(q('filter-rep')!, 'demo-rep-kevin'));
    expect(risky().length).toBe(0);
    expect(q('at-risk-none')).not.toBeNull();
    // The trend tables are there for screen readers even without a canvas.
    expect(q('trend-figures')!.querySelectorAll('tbody tr').length).toBeGreaterThan(0);
  });

  it('speaks Chinese', async () => {
    await demo();
    await render('zh-CN');
    await waitFor(() => q('dashboard-ready') !== null);
    expect(host.querySelector('h1')!.textContent).toBe('主管看板');
    expect(q('scorecard-column-team')!.textContent).toBe('团队');
    // Chinese sentences run on after a full-width comma, with no space.
    await waitFor(() => !q('period-range')!.textContent!.includes('…'));
    expect(q('period-range')!.textContent).toMatch(/，(对比|没有更早)/);
  });

  it("paints the last visit's figures at once, dimmed and dated, then today's", async () => {
    await demo();
    await render();
    await waitFor(() => measured());
    // The visit kept its final view for the period shown (the default, 90 days), lists left out.
    const kept = readSnapshot('90');
    expect(kept?.view.scorecard.team.length).toBe(10);
    expect(kept?.view.threads).toEqual([]);
    expect(kept?.view.picture.team.atRisk).toEqual([]);
    expect(kept?.view.picture.team.customers).toBeGreaterThan(0);
    cleanup();

    // The next visit: the kept figures, said to be from when they were measured, before the fresh ones.
    const measuredAt = Date.UTC(2026, 0, 2, 9, 30);
    saveSnapshot('90', kept!.view, kept!.stamp, measuredAt);
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      const line = document.querySelector('[data-testid="dashboard-snapshot-line"]');
      if (document.querySelector('[data-testid="dashboard-snapshot"] [data-testid="scorecard-column-team"]'))
        seen.push(line?.textContent ?? '');
    });
    observer.observe(document.body, { childList: true, subtree: true });
    try {
      await render();
      await waitFor(() => measured());
    } finally {
      observer.disconnect();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toContain('2026');
    expect(seen[0]).toContain('shown while');
    // Today's view replaced it: no line, the lists back.
    expect(q('dashboard-snapshot')).toBeNull();
    expect(q('dashboard-snapshot-line')).toBeNull();
  });

  it("has the page's tiny first chunk draw the kept figures as the page draws them, as text only", async () => {
    const ids = [
      'dashboard-snapshot',
      'scorecard',
      'customer-picture',
      'period-range',
      'dashboard-snapshot-line',
    ];
    const texts = (root: ParentNode) =>
      new Map(ids.map((id) => [id, root.querySelector(`[data-testid="${id}"]`)?.textContent ?? null]));
    const firstChunk = () => {
      const host = document.createElement('div');
      document.body.append(host);
      const drawn = paintKept(host, '90');
      const out = { drawn, texts: texts(host), lang: document.documentElement.lang, host };
      host.remove();
      return out;
    };
    // Nothing kept (a first visit): nothing drawn, the page draws itself.
    expect(firstChunk().drawn).toBe(false);

    await demo();
    // A rep whose name is markup: kept and drawn as text.
    const rep = (await db.reps.toArray())[0]!;
    await db.reps.update(rep.id, { name: '<img src=x onerror="alert(1)">Ann' });
    await render('zh-CN');
    await waitFor(() => measured());
    await waitFor(() => readPaint('90') !== undefined);
    cleanup();

    // What the page itself draws from the kept view in its first render, for comparison.
    view = mount(<DashboardApp db={db} />, { lang: 'zh-CN' });
    expect(q('dashboard-snapshot')).not.toBeNull();
    const page = texts((host = view.host));
    await settle();
    cleanup();
    expect(page.get('scorecard')).toContain('团队');
    expect(page.get('scorecard')).toContain('<img src=x onerror="alert(1)">Ann');

    const first = firstChunk();
    expect(first.drawn).toBe(true);
    expect(first.lang).toBe('zh-CN');
    expect(first.texts.get('dashboard-snapshot')).not.toBeNull();
    for (const id of ['scorecard', 'customer-picture', 'period-range'])
      expect(first.texts.get(id)).toBe(page.get(id));
    expect(first.texts.get('dashboard-snapshot-line')).toContain('先显示');
    // Text stayed text: no element or handler came out of the rep's name.
    expect(first.host.querySelector('img')).toBeNull();
    expect(first.host.querySelector('[onerror], [onclick], [src]')).toBeNull();
  });

  it('takes down a snapshot measured before a bulk write or a restore', async () => {
    await demo();
    await render();
    await waitFor(() => measured());
    await waitFor(() => readSnapshot('90') !== undefined);
    const kept = readSnapshot('90')!;
    expect(kept.stamp).toBe(await currentStamp(db));
    cleanup();

    // The book's day rows were dropped since (a restore, an import): their stamp changed.
    saveSnapshot('90', kept.view, 'a stamp of rows since dropped');
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      const now = q('dashboard-ready') ? 'today' : q('dashboard-snapshot') ? 'kept' : 'none';
      if (seen.at(-1) !== now) seen.push(now);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    try {
      await render();
      await waitFor(() => measured());
    } finally {
      observer.disconnect();
    }
    // Painted at once (the database had not answered yet), taken down, then today's figures.
    expect(seen.slice(0, 3)).toEqual(['kept', 'none', 'today']);
    expect(readSnapshot('90')?.stamp).toBe(await currentStamp(db));
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { build, copyOf, paintKept, readPaint, savePaint, type PaintElement } from './keptPaint';

describe('the kept first paint copy', () => {
  it('copies elements, allowed attributes and text, and builds them back as they were', () => {
    const page = document.createElement('section');
    page.innerHTML =
      '<h2 id="t" class="title" aria-label="Scores">Scores <b>now</b></h2>' +
      '<table data-testid="scorecard"><tr><th scope="row">Team</th><td style="width: 40%">12</td></tr></table>' +
      '<a href="#definition-x">?</a>';
    const copy = copyOf(page);
    const rebuilt = build(JSON.parse(JSON.stringify(copy)) as PaintElement) as HTMLElement;
    expect(rebuilt.outerHTML).toBe(page.outerHTML);
  });

  it('keeps nothing that runs or loads, and never parses text as markup', () => {
    const hostile: PaintElement = {
      t: 'div',
      a: { onclick: 'alert(1)', class: 'ok', style: 'background: url(https://x.example/a.png)' },
      c: [
        '<img src=x onerror=alert(1)>',
        { t: 'script', c: ['alert(1)'] },
        { t: 'a', a: { href: 'javascript:alert(1)' }, c: ['link'] },
        { t: 'a', a: { href: 'https://x.example' }, c: ['away'] },
        { t: 'img onerror=alert(1)', a: { src: 'https://x.example/a.png' } },
      ],
    };
    const built = build(hostile) as HTMLElement;
    expect(built.getAttribute('onclick')).toBeNull();
    expect(built.getAttribute('style')).toBeNull();
    expect(built.getAttribute('class')).toBe('ok');
    expect(built.querySelector('img, script, [src], [onerror]')).toBeNull();
    expect([...built.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([null, null]);
    expect(built.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows form controls as they were, disabled, until the page takes over', () => {
    const page = document.createElement('div');
    page.innerHTML =
      '<select data-testid="filter-period"><option value="30">30</option><option value="90">90</option></select>' +
      '<button data-testid="refresh">Go</button>';
    page.querySelector('select')!.value = '90';
    const built = build(copyOf(page)) as HTMLElement;
    const select = built.querySelector('select')!;
    expect(select.disabled).toBe(true);
    expect(select.value).toBe('90');
    expect(built.querySelector('button')!.disabled).toBe(true);
    // The page's live controls keep their test ids to themselves.
    expect(built.querySelector('[data-testid]')).toBeNull();
  });

  it('draws the kept copy of the period asked for, in its language, and nothing for another or a damaged one', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    } as Storage;
    savePaint('30', { savedAt: 1, lang: 'zh-CN', root: { t: 'p', c: ['团队'] } }, storage);
    const root = document.createElement('div');
    root.textContent = 'loading frame';
    expect(paintKept(root, '90', storage)).toBe(false);
    expect(root.textContent).toBe('loading frame');
    expect(paintKept(root, '30', storage)).toBe(true);
    expect(root.innerHTML).toBe('<p>团队</p>');
    expect(document.documentElement.lang).toBe('zh-CN');
    store.set('dashboard-paint:30', '{"savedAt": 1, "lang": "en"');
    expect(readPaint('30', storage)).toBeUndefined();
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { render } from '@/test/support/render';
import { Pager, usePage } from './Pager';

// The one pager of the dashboard's long tables (threads, at-risk customers).

function List({ rows, hideWhenSingle }: { rows: number[]; hideWhenSingle?: boolean }) {
  const paged = usePage(rows, 10);
  return (
    <div>
      <ul>
        {paged.shown.map((r) => (
          <li key={r} data-testid="row">
            {r}
          </li>
        ))}
      </ul>
      <Pager paged={paged} label="Pages of numbers" testId="numbers" hideWhenSingle={hideWhenSingle}>
        <button type="button" data-testid="export">
          Export
        </button>
      </Pager>
    </div>
  );
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('Pager', () => {
  it('shows a page at a time, says which rows, and stops at both ends', () => {
    const view = render(<List rows={numbers(23)} />);
    const range = () => view.q('numbers-range')!.textContent;
    expect(view.qa('row').map((r) => r.textContent)).toEqual(numbers(10).map(String));
    expect(range()).toBe('1–10 of 23');
    expect(view.q<HTMLButtonElement>('numbers-previous')!.disabled).toBe(true);
    view.click('numbers-next');
    view.click('numbers-next');
    expect(range()).toBe('21–23 of 23');
    expect(view.qa('row').map((r) => r.textContent)).toEqual(['21', '22', '23']);
    expect(view.q<HTMLButtonElement>('numbers-next')!.disabled).toBe(true);
    expect(view.host.querySelector('nav')!.getAttribute('aria-label')).toBe('Pages of numbers');
    expect(view.q('export')).not.toBeNull();
  });

  it('stays inside the rows when they shrink (a filter), and says so for none', () => {
    const view = render(<List rows={numbers(35)} />);
    view.click('numbers-next');
    view.click('numbers-next');
    view.click('numbers-next');
    expect(view.q('numbers-range')!.textContent).toBe('31–35 of 35');
    view.rerender(<List rows={numbers(12)} />);
    expect(view.q('numbers-range')!.textContent).toBe('11–12 of 12');
    view.rerender(<List rows={[]} />);
    expect(view.q('numbers-range')!.textContent).toBe('0–0 of 0');
  });

  it('leaves the controls out when asked and everything fits on one page, keeping the export', () => {
    const view = render(<List rows={numbers(8)} hideWhenSingle />);
    expect(view.q('numbers-next')).toBeNull();
    expect(view.q('export')).not.toBeNull();
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { tableCsv, tableRows } from './tableCsv';

describe('tableCsv', () => {
  const table = () => {
    document.body.innerHTML = `
      <table id="t">
        <thead><tr><th>Customer</th><th>Value</th></tr></thead>
        <tbody>
          <tr><th><span class="company">=HYPERLINK("http://x")</span><span class="badge">Key</span></th>
              <td><span aria-hidden="true">▲ </span>up 3 <a class="footnote no-export">1</a></td></tr>
          <tr class="no-export"><td colspan="2">history</td></tr>
          <tr><th>+Acme, "Ltd"</th><td>-5</td></tr>
        </tbody>
      </table>`;
    return document.getElementById('t') as HTMLTableElement;
  };

  it('reads each cell as shown, without hidden decoration, footnotes or detail rows', () => {
    expect(tableRows(table())).toEqual([
      ['Customer', 'Value'],
      ['=HYPERLINK("http://x") Key', 'up 3'],
      ['+Acme, "Ltd"', '-5'],
    ]);
  });

  it('writes UTF-8 CSV with formula-looking cells neutralised', () => {
    const csv = tableCsv(table());
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"") Key",up 3`);
    expect(csv).toContain(`"'+Acme, ""Ltd""",'-5`);
  });
});

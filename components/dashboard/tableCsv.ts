import { csvOfRows } from '@/lib/handover/csv';

// A table on the page as CSV, read from the table itself, so the file holds what
// the manager sees: every header and body row, each cell's visible text with its
// parts separated by a space. Decoration a screen reader skips (aria-hidden:
// arrows, bars) and links to definitions (.no-export) are left out; a row that
// opens a detail under it (.no-export) is too.

function cellText(cell: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      parts.push(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (element.getAttribute('aria-hidden') === 'true' || element.classList.contains('no-export')) return;
    const block = element !== cell && element.tagName !== 'A' && element.tagName !== 'STRONG';
    if (block) parts.push(' ');
    for (const child of element.childNodes) walk(child);
    if (block) parts.push(' ');
  };
  walk(cell);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** The table's rows (header rows first) as the cells' visible text. */
export function tableRows(table: HTMLTableElement): string[][] {
  const out: string[][] = [];
  for (const row of table.querySelectorAll('tr')) {
    if (row.classList.contains('no-export') || row.closest('table') !== table) continue;
    out.push([...row.querySelectorAll(':scope > th, :scope > td')].map(cellText));
  }
  return out;
}

export function tableCsv(table: HTMLTableElement): string {
  return csvOfRows(tableRows(table));
}

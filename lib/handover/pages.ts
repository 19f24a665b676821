import type { Table } from 'dexie';

export const DEFAULT_PAGE_SIZE = 2000;

/**
 * Reads a table in primary-key order, one page at a time, so a book of a million
 * interactions is never held in memory at once.
 */
export async function* readPages<T>(
  table: Table<T, string>,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<T[]> {
  let last: string | undefined;
  for (;;) {
    const page =
      last === undefined
        ? await table.orderBy(':id').limit(pageSize).toArray()
        : await table.where(':id').above(last).limit(pageSize).toArray();
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    // Every book table has a single-field primary key (id, or key for settings).
    const keyPath = table.schema.primKey.keyPath;
    last =
      typeof keyPath === 'string' ? (page[page.length - 1] as Record<string, string>)[keyPath] : undefined;
    if (last === undefined) return;
  }
}

import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CrmDb } from '../db/db';
import { exportBook, type ExportOptions } from './export';
import { importBundle, type ImportOptions, type ImportReport } from './import';

// Node helpers for command-line tools (`npm run enrich -- --book book.jsonl`,
// the benchmark): the same reader and writer as the browser, on files.

/** Reads a bundle file into a book (in one transaction, with every check of the browser import). */
export function importBookFile(db: CrmDb, path: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importBundle(db, createReadStream(path, { highWaterMark: 256 * 1024 }), options);
}

/** Writes the book (or a rep's share) to a bundle file. */
export async function exportBookFile(db: CrmDb, path: string, options: ExportOptions = {}): Promise<void> {
  const out = createWriteStream(path);
  try {
    for await (const chunk of exportBook(db, options)) if (!out.write(chunk)) await once(out, 'drain');
  } finally {
    out.end();
    await once(out, 'finish');
  }
}

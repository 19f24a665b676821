import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportBookFile, importBookFile } from './node';
import { emptyBook, fillSampleBook, snapshot } from './test-book';

describe('book files in Node (the enrich command and the benchmark)', () => {
  it('writes a book to a file and reads it back into an empty book', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'book-'));
    try {
      const source = emptyBook();
      await fillSampleBook(source);
      const file = join(dir, 'book.jsonl');
      await exportBookFile(source, file);
      const target = emptyBook();
      const report = await importBookFile(target, file);
      expect(report.tables.companies.added).toBe(3);
      const { settings: _s, ...theirs } = await snapshot(source);
      const { settings: _t, ...ours } = await snapshot(target);
      expect(ours).toEqual(theirs);

      const corrupt = join(dir, 'corrupt.jsonl');
      await writeFile(corrupt, (await readFile(file, 'utf8')).replace('Acme GmbH', 'Acme AG'));
      const before = await snapshot(target);
      await expect(importBookFile(target, corrupt)).rejects.toMatchObject({ code: 'bad-checksum' });
      expect(await snapshot(target)).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

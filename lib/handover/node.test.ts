import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportBookFile, importBookFile } from './node';
import { craftBundle, emptyBook, fillSampleBook, snapshot } from '../../test/support/handover-book';

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

  it('streams a file: a bundle with an endless line is refused after reading about 8 MiB of it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'book-'));
    try {
      const file = join(dir, 'huge.jsonl');
      const header = craftBundle([]).split('\n')[0]!;
      await writeFile(file, `${header}\n${'{"t":"companies","r":{"notes":"'}${'x'.repeat(40 * 1024 * 1024)}`);
      let bytesRead = 0;
      await expect(
        importBookFile(emptyBook(), file, { onRead: (bytes) => (bytesRead = bytes) }),
      ).rejects.toMatchObject({ code: 'line-too-long' });
      expect(bytesRead).toBeGreaterThan(8 * 1024 * 1024);
      expect(bytesRead).toBeLessThan(10 * 1024 * 1024);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

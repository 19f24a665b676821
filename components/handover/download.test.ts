// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadChunks } from './download';

afterEach(() => vi.restoreAllMocks());

describe('downloadChunks', () => {
  it('folds the export into Blobs as it streams, never holding more than the fold size of raw chunks', async () => {
    const RealBlob = globalThis.Blob;
    /** For every Blob made: the raw (non-Blob) bytes handed to it, and how many chunks had been read then. */
    const made: { rawBytes: number; afterChunks: number }[] = [];
    let read = 0;
    class WatchedBlob extends RealBlob {
      constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
        super(parts, options);
        const raw = (parts ?? []).filter((p) => !(p instanceof RealBlob));
        made.push({
          rawBytes: raw.reduce(
            (n, p) => n + (typeof p === 'string' ? p.length : (p as Uint8Array).byteLength),
            0,
          ),
          afterChunks: read,
        });
      }
    }
    vi.stubGlobal('Blob', WatchedBlob);
    let saved: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => ((saved = blob as Blob), 'blob:test'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);

    const KB = 1024;
    const chunk = (i: number) =>
      new TextEncoder().encode(`${String(i).padStart(4, '0')}${'x'.repeat(16 * KB - 5)}\n`);
    async function* book() {
      for (let i = 0; i < 64; i++) {
        read++;
        yield chunk(i);
      }
    }
    await downloadChunks(book(), 'book.jsonl', 'application/jsonl', { foldBytes: 128 * KB });
    vi.unstubAllGlobals();

    // 1 MB in 16 KB chunks, folded every 128 KB: eight Blobs of raw chunks, made while reading.
    const folds = made.filter((b) => b.rawBytes > 0);
    expect(folds).toHaveLength(8);
    expect(Math.max(...folds.map((b) => b.rawBytes))).toBeLessThanOrEqual(128 * KB);
    expect(folds.map((b) => b.afterChunks)).toEqual([8, 16, 24, 32, 40, 48, 56, 64]);
    // The file itself is a Blob of those Blobs, with every byte in order.
    expect(made.at(-1)!.rawBytes).toBe(0);
    const text = await saved!.text();
    expect(saved!.size).toBe(64 * 16 * KB);
    expect(saved!.type).toBe('application/jsonl');
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .map((line) => line.slice(0, 4)),
    ).toEqual(Array.from({ length: 64 }, (_, i) => String(i).padStart(4, '0')));
  });
});

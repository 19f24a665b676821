/** Raw chunks held in memory before they are folded into one Blob. */
export const FOLD_BYTES = 4 * 1024 * 1024;

/**
 * Collects streamed chunks into a file without holding them all: every
 * `foldBytes` the chunks read so far become one Blob (the browser may keep it on
 * disk, and the chunks themselves can be freed), and the file is a Blob of those
 * Blobs. A 100k-company book never sits in memory as chunks or as one string.
 */
export class BlobFolder {
  private readonly parts: Blob[] = [];
  private pending: BlobPart[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly type: string,
    private readonly foldBytes = FOLD_BYTES,
  ) {}

  /** Bytes of raw chunks not yet folded into a Blob (strings count one per character). */
  get heldBytes(): number {
    return this.pendingBytes;
  }

  add(chunk: Uint8Array | string): void {
    this.pending.push(chunk as BlobPart);
    this.pendingBytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (this.pendingBytes >= this.foldBytes) this.fold();
  }

  blob(): Blob {
    this.fold();
    return new Blob(this.parts, { type: this.type });
  }

  private fold(): void {
    if (this.pending.length) this.parts.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/**
 * Saves a Blob as a file: a temporary Blob URL is clicked. The File System Access
 * picker is not used: it opens a native dialog on every export and the download
 * works the same in every browser.
 */
export function saveBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  try {
    const link = doc.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    doc.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser time to start the download before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

/** Saves streamed chunks as a file, folded into Blobs as they come (see BlobFolder). */
export async function downloadChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  fileName: string,
  type: string,
  { doc = document, foldBytes = FOLD_BYTES }: { doc?: Document; foldBytes?: number } = {},
): Promise<void> {
  const file = new BlobFolder(type, foldBytes);
  for await (const chunk of chunks) file.add(chunk);
  saveBlob(file.blob(), fileName, doc);
}

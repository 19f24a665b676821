/**
 * Saves streamed chunks as a file: the chunks become the parts of one Blob (no
 * whole-book string is ever built) and a temporary Blob URL is clicked.
 */
export async function downloadChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  fileName: string,
  type: string,
  doc: Document = document,
): Promise<void> {
  const parts: BlobPart[] = [];
  for await (const chunk of chunks) parts.push(chunk as BlobPart);
  const url = URL.createObjectURL(new Blob(parts, { type }));
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

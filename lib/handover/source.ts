/** Anything a bundle can be read from: a file picked in the browser, a Node stream, a string. */
export type BundleSource =
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | Uint8Array
  | string;

/** One iterator of chunks for every kind of source. */
export function chunksOf(source: BundleSource): AsyncIterator<Uint8Array | string> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    const chunks = [source];
    return (async function* () {
      yield* chunks;
    })();
  }
  if (isBlob(source)) return readBlob(source);
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) return readStream(source);
  if (Symbol.asyncIterator in source)
    return (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  const sync = (source as Iterable<Uint8Array | string>)[Symbol.iterator]();
  return {
    next: () => Promise.resolve(sync.next()),
    return: (value?: unknown) => Promise.resolve(sync.return?.(value) ?? { done: true, value: undefined }),
  };
}

function readStream(stream: ReadableStream<Uint8Array>): AsyncIterator<Uint8Array> {
  const reader = stream.getReader();
  return {
    next: async () => {
      const { done, value } = await reader.read();
      return done ? { done: true, value: undefined } : { done: false, value };
    },
    return: async () => {
      await reader.cancel();
      reader.releaseLock();
      return { done: true, value: undefined };
    },
  };
}

function isBlob(source: BundleSource): source is Blob {
  const blob = source as Partial<Blob>;
  return (
    typeof blob.size === 'number' &&
    typeof blob.slice === 'function' &&
    typeof blob.arrayBuffer === 'function'
  );
}

/** A picked file, read slice by slice (works wherever Blob does, with or without Blob#stream). */
export const BLOB_SLICE_BYTES = 1024 * 1024;
async function* readBlob(blob: Blob): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < blob.size; at += BLOB_SLICE_BYTES)
    yield new Uint8Array(await blob.slice(at, at + BLOB_SLICE_BYTES).arrayBuffer());
}

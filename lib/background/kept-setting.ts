// A setting the worker reads on every opened email (the never-log list) is read once and kept
// until the storage area says it changed: a storage read costs the card a round trip to the
// browser (about 5 ms on a quiet 2-core machine), the kept value nothing.

/** Reads with `read` once, again after each change `watch` reports (or after a failed read). */
export function keptSetting<T>(
  read: () => Promise<T>,
  watch: (changed: () => void) => unknown,
): () => Promise<T> {
  let kept: Promise<T> | null = null;
  watch(() => {
    kept = null;
  });
  return () => {
    const reading = (kept ??= read());
    reading.catch(() => {
      if (kept === reading) kept = null;
    });
    return reading;
  };
}

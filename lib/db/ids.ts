// Record ids: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp followed
// by 74 random bits. Random enough that two reps' books merge on handover without
// collisions, and time-ordered, so a book's new records land at the end of each
// table's key range. IndexedDB in Chromium stores tables in LevelDB, where writes
// spread over the whole key range (random version 4 ids) cost about twice as much
// to compact as writes in key order, and the cost grows with the book.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A new time-ordered id for a record created at `now`. */
export function newId(
  now: number = Date.now(),
  fill: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  const bytes = fill(new Uint8Array(16));
  let ms = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // RFC 9562 variant
  const h = Array.from(bytes, (b) => HEX[b]!);
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
}

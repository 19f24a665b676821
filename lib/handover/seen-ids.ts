// The ids a bundle has already used, to refuse a second record with one id (it would
// overwrite the first, and be counted as added). A million-record bundle must not
// cost a hundred megabytes of strings: each id is kept as a 64-bit hash (two
// independent 32-bit FNV-1a variants) in an open-addressing table of 32-bit words,
// 16 bytes per id at most. Two different ids share a hash with a chance of about
// n² / 2^65: 3·10⁻⁸ for a million ids, so a false "duplicate" is not a practical risk.

function hashes(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // Never (0, 0): that marks an empty slot.
  return [a >>> 0 || 1, (b ^ text.length) >>> 0];
}

export class SeenIds {
  private slots = new Uint32Array(2 * 1024);
  private size = 0;

  /** Adds an id; false when it was already there. */
  add(id: string): boolean {
    const [a, b] = hashes(id);
    if (this.size * 2 >= this.slots.length / 2) this.grow();
    if (!this.insert(this.slots, a, b)) return false;
    this.size++;
    return true;
  }

  private insert(slots: Uint32Array, a: number, b: number): boolean {
    const mask = slots.length / 2 - 1;
    for (let i = (a ^ b) & mask; ; i = (i + 1) & mask) {
      const x = slots[2 * i]!;
      if (x === 0) {
        slots[2 * i] = a;
        slots[2 * i + 1] = b;
        return true;
      }
      if (x === a && slots[2 * i + 1] === b) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.insert(this.slots, old[i]!, old[i + 1]!);
  }
}

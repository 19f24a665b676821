// How a day row (days.ts) is stored: its columns packed into a few typed arrays
// and one string, so IndexedDB stores and reads a row as a handful of values
// instead of one string per field of every record.
//
// Structured clone copies a typed array and a long string as bytes, but builds
// every short string one by one: a row of 590 records in string columns (ids,
// subjects, thread ids...) read back at about 30 µs a record on this project's
// machines, which put a million-interaction book's all-time read at half a
// minute. Packed:
// - numeric fields (times, amounts) go into one Float64Array, column after
//   column; a missing value is NaN;
// - string fields become numbers into the row's dictionary of distinct strings
//   (0: missing), column after column, in a Uint16Array (a Uint32Array once a
//   row holds 65,535 distinct strings); a day's rep ids, companies, subjects and
//   enums repeat, so each appears once;
// - the dictionary is one string (`text`) and where each entry ends (`ends`).
// Unpacking gives back the same columns, value for value (tested with any
// characters, empty strings and missing values).

export interface PackedColumns {
  /** Records in the row. */
  n: number;
  /** The numeric fields, `n` values each, in the order they were packed. */
  nums: Float64Array;
  /** The string fields, `n` dictionary numbers each (0: missing, k: the k-th entry). */
  refs: Uint16Array | Uint32Array;
  /** The dictionary's entries one after another. */
  text: string;
  /** Where each dictionary entry ends in `text`. */
  ends: Uint32Array;
}

type Column = readonly unknown[];

/** Packs `columns` (each `n` long) by field list: `numeric` into numbers, `strings` into the dictionary. */
export function packColumns(
  columns: Readonly<Record<string, Column>>,
  numeric: readonly string[],
  strings: readonly string[],
): PackedColumns {
  const n = columns[strings[0] ?? numeric[0]!]!.length;
  const nums = new Float64Array(n * numeric.length);
  numeric.forEach((field, f) => {
    const column = columns[field]!;
    for (let i = 0; i < n; i++) {
      const v = column[i];
      nums[f * n + i] = typeof v === 'number' ? v : Number.NaN;
    }
  });
  const entry = new Map<string, number>();
  const parts: string[] = [];
  const refs = new Uint32Array(n * strings.length);
  strings.forEach((field, f) => {
    const column = columns[field]!;
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (typeof v !== 'string') continue;
      let k = entry.get(v);
      if (k === undefined) {
        parts.push(v);
        entry.set(v, (k = parts.length));
      }
      refs[f * n + i] = k;
    }
  });
  const ends = new Uint32Array(parts.length);
  let end = 0;
  parts.forEach((part, k) => (ends[k] = end += part.length));
  return {
    n,
    nums,
    refs: parts.length < 0xffff ? Uint16Array.from(refs) : refs,
    text: parts.join(''),
    ends,
  };
}

/** The columns packColumns was given, by the same field lists. */
export function unpackColumns(
  packed: PackedColumns,
  numeric: readonly string[],
  strings: readonly string[],
): Record<string, unknown[]> {
  const { n, nums, refs, text, ends } = packed;
  const entries: (string | undefined)[] = [undefined];
  let start = 0;
  for (const end of ends) {
    entries.push(text.slice(start, end));
    start = end;
  }
  const out: Record<string, unknown[]> = {};
  numeric.forEach((field, f) => {
    const column = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = nums[f * n + i]!;
      column[i] = Number.isNaN(v) ? undefined : v;
    }
    out[field] = column;
  });
  strings.forEach((field, f) => {
    const column = new Array<unknown>(n);
    for (let i = 0; i < n; i++) column[i] = entries[refs[f * n + i]!];
    out[field] = column;
  });
  return out;
}

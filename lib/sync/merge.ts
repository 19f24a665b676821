// Field-by-field merge of one record (docs/sync.md, "Conflicts"). Used by the
// server when it applies a pushed change over its copy, and by the extension
// when it lays its own unsent changes over a record it pulled.

type Rec = Record<string, unknown>;

/** Deep equality for JSON values (records are plain JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ka = Object.keys(a as Rec).filter((k) => (a as Rec)[k] !== undefined);
  const kb = Object.keys(b as Rec).filter((k) => (b as Rec)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Rec)[k], (b as Rec)[k]));
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The fields whose value differs between two versions of a record. */
export function changedFields(base: Rec, value: Rec): string[] {
  const keys = new Set([...Object.keys(base), ...Object.keys(value)]);
  return [...keys].filter((k) => !sameValue(base[k], value[k]));
}

export interface MergeResult {
  merged: Rec;
  /** Fields someone else changed since the client's base that this change overwrote (server order decided). */
  overwritten: string[];
}

/**
 * Lays the client's change (from `base` to `value`) over `current`:
 * - a field the client did not change keeps the current value (a stale copy never
 *   undoes a colleague's edit);
 * - a list of strings (domains, tags, e-mail addresses, phones) takes the client's
 *   additions and removals, so two people adding tags at once both keep theirs;
 * - any other changed field takes the client's value: the later change in server
 *   order wins.
 * With no base (a new record, or one the client never had from the server) every
 * field of `value` counts as changed.
 */
export function mergeRecord(current: Rec, base: Rec | null, value: Rec): MergeResult {
  const merged: Rec = { ...current };
  const overwritten: string[] = [];
  const fields = base ? changedFields(base, value) : Object.keys(value);
  for (const field of fields) {
    const before = base?.[field];
    const after = value[field];
    const now = current[field];
    if (base && isStringList(before) && isStringList(after) && isStringList(now)) {
      const removed = new Set(before.filter((x) => !after.includes(x)));
      const added = after.filter((x) => !before.includes(x));
      merged[field] = [...new Set([...now.filter((x) => !removed.has(x)), ...added])];
      continue;
    }
    if (base && !sameValue(now, before) && !sameValue(now, after)) overwritten.push(field);
    if (after === undefined) delete merged[field];
    else merged[field] = after;
  }
  return { merged, overwritten };
}

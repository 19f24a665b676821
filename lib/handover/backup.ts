import type { CrmDb } from '../db/db';
import { exportBook } from './export';

/** A backup of this browser's whole book, its local settings included; restore it with restoreBook. */
export function backupBook(
  db: CrmDb,
  options: { now?: number; exportedBy?: string } = {},
): AsyncGenerator<Uint8Array> {
  return exportBook(db, { ...options, scope: { kind: 'backup' } });
}

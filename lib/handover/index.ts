// Handover, backup and restore of the book. Node-only file helpers live in ./node.
export * from './errors';
export * from './format';
export { BundleParser, type BundleRecord } from './parser';
export { chunksOf, type BundleSource } from './source';
export { exportBook, exportBookStream, bundleFileName, type ExportOptions } from './export';
export {
  previewImport,
  importBundle,
  restoreBook,
  MAX_CONFLICTS_LISTED,
  type ImportConflict,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type TableImportSummary,
} from './import';
export { backupBook } from './backup';
export { mergeNotes } from './merge';
export { reassignRep, type ReassignResult } from './reassign';
export { exportCsv, csvText, safeCell, CSV_TABLES, type CsvTable } from './csv';
export { requestPersistentStorage, type PersistenceResult } from './durability';

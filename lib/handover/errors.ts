// Every way a handover, backup or restore can fail, as a code the UI turns into
// a sentence (i18n key `handover.error.<code>`). Nothing is ever written when one
// of these is thrown from inside an import: the transaction aborts.

export const HANDOVER_ERROR_CODES = [
  'empty-file',
  'not-a-bundle',
  'wrong-format',
  'unsupported-version',
  'invalid-encoding',
  'line-too-long',
  'invalid-json',
  'forbidden-key',
  'invalid-record',
  'unknown-table',
  'out-of-order',
  'truncated',
  'data-after-trailer',
  'count-mismatch',
  'duplicate-id',
  'bad-checksum',
  'wrong-scope',
  'cancelled',
  'quota-exceeded',
  'unknown-rep',
  'same-rep',
  'storage-failed',
  'book-changed',
] as const;
export type HandoverErrorCode = (typeof HANDOVER_ERROR_CODES)[number];

export type HandoverErrorParams = Record<string, string | number>;

export class HandoverError extends Error {
  readonly code: HandoverErrorCode;
  /** Values for the message, e.g. { line: 12, table: 'companies', field: 'domains' }. */
  readonly params: HandoverErrorParams;

  constructor(code: HandoverErrorCode, params: HandoverErrorParams = {}, options?: { cause?: unknown }) {
    super(`${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`, options);
    this.name = 'HandoverError';
    this.code = code;
    this.params = params;
  }

  /** The i18n key of the message for this error. */
  get messageKey(): string {
    return `handover.error.${this.code}`;
  }
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

/** True for a full disk, however Dexie or the browser wrapped it. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (errorName(e) === 'QuotaExceededError') return true;
    const next: unknown =
      typeof e === 'object' && e !== null
        ? ((e as { inner?: unknown }).inner ?? (e as { cause?: unknown }).cause)
        : undefined;
    if (next === e) break;
    e = next;
  }
  return false;
}

/**
 * Maps anything thrown by a handover operation to a HandoverError: a full disk
 * becomes `quota-exceeded`, an abort becomes `cancelled`, the rest `storage-failed`.
 */
export function toHandoverError(error: unknown): HandoverError {
  if (error instanceof HandoverError) return error;
  if (isQuotaError(error)) return new HandoverError('quota-exceeded', {}, { cause: error });
  const inner = (error as { inner?: unknown } | null)?.inner;
  if (inner instanceof HandoverError) return inner;
  if (errorName(error) === 'AbortError' && !inner)
    return new HandoverError('cancelled', {}, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new HandoverError('storage-failed', { message: message.slice(0, 300) }, { cause: error });
}

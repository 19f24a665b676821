import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HandoverError } from './errors';
import { SeenIds } from './seen-ids';
import {
  BOOK_FORMAT,
  BOOK_FORMAT_VERSION,
  BOOK_TABLES,
  FORBIDDEN_KEYS,
  HeaderSchema,
  MAX_BLANK_LINES_AFTER_TRAILER,
  MAX_CHARS_AFTER_TRAILER,
  MAX_HEADER_CHARS,
  MAX_LINE_CHARS,
  RECORD_SCHEMAS,
  TrailerSchema,
  emptyCounts,
  type BookCounts,
  type BookHeader,
  type BookRecord,
  type BookTable,
} from './format';

export interface BundleRecord<T extends BookTable = BookTable> {
  table: T;
  record: BookRecord<T>;
  /** 1-based line in the file, for error messages. */
  line: number;
}

export interface BundleParserLimits {
  maxLineChars?: number;
  maxHeaderChars?: number;
}

/**
 * Reads a book bundle pushed to it in chunks of any size, synchronously, so an
 * importer can feed it from inside a database transaction. Every record comes
 * out validated against the book's zod schemas; the first problem throws a
 * HandoverError and stops the read. The checksum and counts are only known to
 * be right once `finish()` returns: callers must not commit before that.
 */
export class BundleParser {
  header: BookHeader | undefined;
  readonly counts: BookCounts = emptyCounts();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly encoder = new TextEncoder();
  private readonly hash = sha256.create();
  private readonly maxLineChars: number;
  private readonly maxHeaderChars: number;
  private pending = '';
  /** Ids (setting keys) read so far, per table: a second record with one id is refused. */
  private readonly seen = Object.fromEntries(BOOK_TABLES.map((t) => [t, new SeenIds()])) as Record<
    BookTable,
    SeenIds
  >;
  private lineNo = 0;
  private tableRank = 0;
  private sawBytes = false;
  private ended = false;
  /** Blank lines and characters read after the trailer. */
  private linesAfterTrailer = 0;
  private charsAfterTrailer = 0;

  constructor(limits: BundleParserLimits = {}) {
    this.maxLineChars = limits.maxLineChars ?? MAX_LINE_CHARS;
    this.maxHeaderChars = limits.maxHeaderChars ?? MAX_HEADER_CHARS;
  }

  push(chunk: Uint8Array | string): BundleRecord[] {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else {
      try {
        text = this.decoder.decode(chunk, { stream: true });
      } catch (error) {
        // Binary junk before any header is simply not a bundle.
        if (!this.header) throw new HandoverError('not-a-bundle', {}, { cause: error });
        throw new HandoverError('invalid-encoding', { line: this.lineNo + 1 }, { cause: error });
      }
    }
    if (!text) return [];
    if (!this.sawBytes) {
      this.sawBytes = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: BundleRecord[] = [];
    const scanFrom = this.pending.length;
    this.pending += text;
    // Junk is refused on its first byte: a bundle starts with its JSON header.
    if (!this.header && this.pending.length > 0 && this.pending.trimStart()[0] !== '{' && this.pending.trim())
      throw new HandoverError('not-a-bundle');
    let start = 0;
    let newline = this.pending.indexOf('\n', scanFrom);
    while (newline !== -1) {
      this.handleLine(this.pending.slice(start, newline), out);
      start = newline + 1;
      newline = this.pending.indexOf('\n', start);
    }
    if (start > 0) this.pending = this.pending.slice(start);
    if (this.ended && this.charsAfterTrailer + this.pending.length > MAX_CHARS_AFTER_TRAILER)
      throw new HandoverError('data-after-trailer', { line: this.lineNo + 1 });
    const limit = this.header ? this.maxLineChars : this.maxHeaderChars;
    if (this.pending.length > limit)
      throw new HandoverError(this.header ? 'line-too-long' : 'not-a-bundle', { line: this.lineNo + 1 });
    return out;
  }

  /** Ends the read: checks the file was complete, its counts and its checksum. */
  finish(): BundleRecord[] {
    let rest: string;
    try {
      rest = this.decoder.decode();
    } catch (error) {
      throw new HandoverError('invalid-encoding', { line: this.lineNo + 1 }, { cause: error });
    }
    const out = rest ? this.push(rest) : [];
    if (this.pending.trim()) this.handleLine(this.pending, out);
    this.pending = '';
    if (!this.sawBytes) throw new HandoverError('empty-file');
    if (!this.header) throw new HandoverError('not-a-bundle');
    if (!this.ended) throw new HandoverError('truncated', { line: this.lineNo });
    return out;
  }

  private handleLine(raw: string, out: BundleRecord[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    this.lineNo++;
    // The same limit whether the line came in many chunks or whole in one.
    if (!this.ended && line.length > (this.header ? this.maxLineChars : this.maxHeaderChars))
      throw new HandoverError(this.header ? 'line-too-long' : 'not-a-bundle', { line: this.lineNo });
    if (this.ended) {
      this.charsAfterTrailer += raw.length + 1;
      if (
        line.trim() ||
        this.charsAfterTrailer > MAX_CHARS_AFTER_TRAILER ||
        ++this.linesAfterTrailer > MAX_BLANK_LINES_AFTER_TRAILER
      )
        throw new HandoverError('data-after-trailer', { line: this.lineNo });
      return;
    }
    const value = parseLine(line, this.lineNo, !this.header);
    if (!this.header) {
      this.header = parseHeader(value);
      this.hashLine(line);
      return;
    }
    if (!isPlainObject(value)) throw new HandoverError('invalid-json', { line: this.lineNo });
    if ('end' in value) {
      this.checkTrailer(value);
      return;
    }
    const table = value.t;
    const rank = typeof table === 'string' ? BOOK_TABLES.indexOf(table as BookTable) : -1;
    if (rank === -1) throw new HandoverError('unknown-table', { line: this.lineNo, table: String(table) });
    if (rank < this.tableRank)
      throw new HandoverError('out-of-order', { line: this.lineNo, table: String(table) });
    this.tableRank = rank;
    const bookTable = table as BookTable;
    const parsed = RECORD_SCHEMAS[bookTable].safeParse(value.r);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HandoverError('invalid-record', {
        line: this.lineNo,
        table: bookTable,
        field: issue?.path.join('.') || '-',
      });
    }
    const record = parsed.data as BookRecord<BookTable>;
    const id = 'id' in record ? record.id : record.key;
    if (!this.seen[bookTable].add(id))
      throw new HandoverError('duplicate-id', { line: this.lineNo, table: bookTable, id: id.slice(0, 100) });
    if (++this.counts[bookTable] > this.header.counts[bookTable])
      throw new HandoverError('count-mismatch', { table: bookTable });
    this.hashLine(line);
    out.push({ table: bookTable, record, line: this.lineNo });
  }

  private hashLine(line: string): void {
    this.hash.update(this.encoder.encode(line + '\n'));
  }

  private checkTrailer(value: Record<string, unknown>): void {
    const trailer = TrailerSchema.safeParse(value);
    if (!trailer.success)
      throw new HandoverError('invalid-record', { line: this.lineNo, table: 'end', field: '-' });
    for (const table of BOOK_TABLES) {
      const claimed = trailer.data.end.counts[table];
      if (claimed !== this.counts[table] || this.header?.counts[table] !== this.counts[table])
        throw new HandoverError('count-mismatch', { table });
    }
    if (bytesToHex(this.hash.digest()) !== trailer.data.end.sha256) throw new HandoverError('bad-checksum');
    this.ended = true;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseLine(line: string, lineNo: number, isHeader: boolean): unknown {
  // The reviver is slow, so it runs only on the rare line that mentions a dangerous key.
  const suspicious = FORBIDDEN_KEYS_PATTERN.test(line);
  try {
    return suspicious ? JSON.parse(line, refuseForbiddenKeys) : JSON.parse(line);
  } catch (error) {
    if (error instanceof HandoverError) throw new HandoverError('forbidden-key', { line: lineNo });
    throw new HandoverError(isHeader ? 'not-a-bundle' : 'invalid-json', { line: lineNo }, { cause: error });
  }
}

const FORBIDDEN_KEYS_PATTERN = /__proto__|constructor|prototype|\\u/;

function refuseForbiddenKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new HandoverError('forbidden-key');
  return value;
}

function parseHeader(value: unknown): BookHeader {
  if (!isPlainObject(value) || !('format' in value)) throw new HandoverError('not-a-bundle');
  if (value.format !== BOOK_FORMAT)
    throw new HandoverError('wrong-format', { format: String(value.format).slice(0, 100) });
  if (value.version !== BOOK_FORMAT_VERSION)
    throw new HandoverError('unsupported-version', { version: String(value.version).slice(0, 20) });
  const header = HeaderSchema.safeParse(value);
  if (!header.success) throw new HandoverError('not-a-bundle');
  return header.data;
}

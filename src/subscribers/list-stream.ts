import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parse, type InfoRecord, type Options } from 'csv-parse';
import { UserError } from '../errors.js';
import { resolveColumns, fieldKeyOf, type ColumnIndex, type KnownColumn } from './columns.js';
import { detectDelimiter } from './detect-delimiter.js';
import { normalizeAddress } from './email-address.js';
import { canonicalEncoding, countNewlines, createDecoder, firstInvalidUtf8, isSingleByteEncoding, Utf8Probe, utf8LineAround } from './text-decoding.js';
import { normalizeFieldName, type InvalidRow, type Subscriber } from './types.js';

export interface ReadListOptions {
  /** `utf-8` (default, strict) or any encoding TextDecoder knows, e.g. `windows-1252`. */
  encoding?: string;
  /** The config's `subscribers.columns`: known column → header in this file (`{first_name: 'Rufname'}`). */
  columns?: Record<string, string>;
}

/**
 * What reading a list yields, in file order: the header first, then every non-blank data
 * row as a valid reader or an invalid row, and at the end the row count and the file's
 * hash. Duplicates are not judged here: that needs every address seen so far, which the
 * caller keeps (the send in its plan table, readSubscriberList in memory).
 */
export type ListEvent =
  | { kind: 'header'; file: string; columns: string[] }
  | { kind: 'reader'; subscriber: Subscriber }
  | { kind: 'invalid'; row: InvalidRow }
  | { kind: 'end'; rows: number; contentHash: string };

/**
 * Streams a subscriber CSV as Excel and CRMs write them: delimiter detected, BOM, CRLF,
 * quoted line breaks, blank lines; each row with its file line. Memory stays flat in the
 * file's size. Throws a UserError when the file cannot be read as a list at all (possibly
 * after rows were yielded: act on them only after `end`).
 */
export async function* streamSubscriberList(file: string, options: ReadListOptions = {}): AsyncGenerator<ListEvent> {
  const path = resolve(file);
  assertReadableFile(path, file);
  const encoding = canonicalEncoding(options.encoding);
  const hash = createHash('sha256');
  const chunks = decodeFile(path, file, encoding, hash)[Symbol.asyncIterator]();

  // The delimiter is judged by the header line, so read until it is complete.
  let head = '';
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
    if (head.split('\n').slice(0, -1).some((line) => line.trim() !== '')) break;
  }
  const firstLine = head.replace(/^\uFEFF/, '').split('\n').find((line) => line.trim() !== '') ?? '';
  if (firstLine === '') throw new UserError(`${file} is empty: expected a header row with an email column`);

  const parserOptions: Options<{ record: string[]; endLine: number }, string[]> = {
    delimiter: detectDelimiter(firstLine),
    bom: true,
    // The file line where a record ends, taken from the parser's context without the
    // copy of the whole info object that `info: true` makes for every record.
    on_record: (record: string[], context: InfoRecord) => ({ record, endLine: context.lines }),
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
  };
  const parser = parse(parserOptions as unknown as Options);
  const source = Readable.from(
    (async function* () {
      yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
  );
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  const rows = new RowReader(file, options.columns);
  let lastEndLine = 0;
  try {
    for await (const { record, endLine } of parser as AsyncIterable<{ record: string[]; endLine: number }>) {
      // Line breaks inside quoted fields sit between the record's first line and its last.
      const inner = record.reduce((n, field) => n + countChar(field, '\n'), 0);
      const event = rows.read(record, endLine - inner);
      lastEndLine = endLine;
      if (event?.kind === 'header') yield { ...event, file: path };
      else if (event) yield event;
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    const err = error as Error & { code?: string; lines?: number };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new UserError(`${file}:${lastEndLine + 1}: a quoted field that starts on this line never closes`, {
        hint: 'a field that starts with a double quote must end with one; save the file again as CSV from your spreadsheet',
      });
    }
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw new UserError(`${file}:${err.lines ?? '?'}: the file is not valid CSV (${err.message})`, {
        hint: 'a field that starts with a double quote must end with one; save the file again as CSV from your spreadsheet',
      });
    }
    throw error;
  } finally {
    // Closes the file too when reading stopped early (no email column, broken CSV).
    source.destroy();
  }
  if (!rows.hasHeader) throw new UserError(`${file} is empty: expected a header row with an email column`);
  yield { kind: 'end', rows: rows.count, contentHash: hash.digest('hex') };
}

function assertReadableFile(path: string, shown: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UserError(`subscriber list ${shown} not found`, { hint: 'check the file name and the folder it is in' });
  }
  if (!isFile) throw new UserError(`subscriber list ${shown} is not a file`);
}

/**
 * The file's text chunk by chunk, hashed as bytes and with every line break made `\n`
 * (so csv-parse counts file lines exactly, even CRLF inside quoted fields).
 */
async function* decodeFile(path: string, shown: string, encoding: string, hash: ReturnType<typeof createHash>): AsyncGenerator<string> {
  const decoder = createDecoder(encoding);
  const probe = isSingleByteEncoding(encoding) ? new Utf8Probe() : undefined;
  let lines = 0;
  let tail: Uint8Array = new Uint8Array(0);
  let carry = '';
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (lines === 0 && encoding === 'utf-8' && isUtf16(chunk)) throw utf16(shown);
    hash.update(chunk);
    probe?.push(chunk);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(shown, lines + invalidLineOffset(tail, chunk) + 1);
    }
    lines += countNewlines(chunk, chunk.length);
    tail = chunk.subarray(Math.max(0, chunk.length - 3));
    text = carry + text;
    carry = text.endsWith('\r') ? '\r' : '';
    if (carry) text = text.slice(0, -1);
    yield text.replace(/\r\n?/g, '\n');
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw notUtf8(shown, lines + 1);
  }
  if (carry || rest) yield (carry + rest).replace(/\r\n?/g, '\n');
  if (probe?.isUtf8Text()) throw readAsWrongEncoding(shown, encoding, probe.first!.line, utf8LineAround(path, probe.first!.offset));
}

/** A UTF-8 file read with a single-byte encoding: say so with one garbled value from the file. */
function readAsWrongEncoding(shown: string, encoding: string, line: number, text: string): UserError {
  const field = text.split(/[,;\t]/).find((f) => /[^\x00-\x7f]/.test(f))?.trim().replace(/^"|"$/g, '') ?? text;
  const garbled = new TextDecoder(encoding).decode(Buffer.from(field, 'utf8'));
  return new UserError(`${shown} is UTF-8 text, but --encoding ${encoding} would garble it: line ${line} would say "${garbled}" instead of "${field}"`, {
    hint: `leave out --encoding ${encoding}: UTF-8 is the default`,
  });
}

/** Excel's "Unicode text" export: UTF-16 with a byte order mark. */
function isUtf16(chunk: Buffer): boolean {
  return chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
}

function utf16(shown: string): UserError {
  return new UserError(`${shown} is UTF-16 text (Excel's "Unicode text"), not UTF-8`, {
    hint: 'in Excel use "Save as" → "CSV UTF-8", or read it as it is with --encoding utf-16le',
  });
}

function invalidLineOffset(tail: Uint8Array, chunk: Buffer): number {
  const joined = Buffer.concat([tail, chunk]);
  const at = firstInvalidUtf8(joined);
  return at < 0 ? 0 : countNewlines(joined, at);
}

function notUtf8(shown: string, line: number): UserError {
  return new UserError(`${shown}:${line}: the file is not UTF-8 text (probably an Excel export in Windows-1252)`, {
    hint: 'in Excel use "Save as" → "CSV UTF-8", or read it as it is with --encoding windows-1252',
  });
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Turns records into events: the first non-blank one is the header, then each data row. */
class RowReader {
  private header: string[] | undefined;
  private fieldKeys: string[] = [];
  private columns: ColumnIndex = {};
  /** Non-blank data rows so far. */
  count = 0;

  constructor(
    private readonly shown: string,
    private readonly configured: Record<string, string> = {},
  ) {}

  get hasHeader(): boolean {
    return this.header !== undefined;
  }

  read(record: string[], line: number): Exclude<ListEvent, { kind: 'end' }> | { kind: 'header'; columns: string[] } | undefined {
    if (record.every((field) => field.trim() === '')) return undefined;
    if (!this.header) {
      this.setHeader(record);
      return { kind: 'header', columns: this.header!.filter((name) => name !== '') };
    }
    this.count++;
    const value = this.known(record, 'email') ?? '';
    const address = normalizeAddress(value);
    if (!address.ok) return { kind: 'invalid', row: { line, value: value.trim(), reason: address.reason } };
    return { kind: 'reader', subscriber: this.subscriber(record, line, address.email, address.key) };
  }

  private setHeader(record: string[]): void {
    this.header = record.map((name) => name.trim());
    this.fieldKeys = this.header.map(normalizeFieldName);
    this.columns = resolveColumns(this.header, this.configured);
    if (this.columns.email === undefined) {
      const found = this.header.filter((name) => name !== '').map((name) => `"${name}"`).join(', ');
      throw new UserError(`${this.shown} has no email column (found ${found || 'no column names'})`, {
        hint: 'name the column "email" (or E-Mail, Mail, E-Mail-Adresse), or map it in newsletter.config.yaml: subscribers: {columns: {email: "<your column>"}}',
      });
    }
  }

  private known(record: string[], column: KnownColumn): string | undefined {
    const at = this.columns[column];
    return at === undefined ? undefined : record[at];
  }

  private subscriber(record: string[], line: number, email: string, key: string): Subscriber {
    // no prototype: a column named "constructor" or "__proto__" is kept like any other
    const fields = Object.create(null) as Record<string, string>;
    this.fieldKeys.forEach((name, i) => {
      if (name !== '' && !Object.hasOwn(fields, name)) fields[name] = (record[i] ?? '').trim();
    });
    const optional = (column: KnownColumn): string | undefined => {
      const value = this.known(record, column)?.trim();
      if (value) fields[fieldKeyOf(column)] = value;
      return value || undefined;
    };
    fields.email = email;
    return {
      email,
      key,
      name: optional('name'),
      firstName: optional('first_name'),
      lastName: optional('last_name'),
      salutation: optional('salutation'),
      language: optional('language'),
      fields,
      line,
    };
  }
}

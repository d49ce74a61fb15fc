import { readFileSync } from 'node:fs';
import { parse, type InfoRecord, type Options } from 'csv-parse/sync';
import { detectDelimiter } from '../subscribers/detect-delimiter.js';
import { normalizeAddress } from '../subscribers/email-address.js';
import { suppressionKey } from './suppression-key.js';
import { SUPPRESSION_REASONS, type NewSuppression, type SuppressionEntry, type SuppressionReason } from './types.js';

/**
 * The suppression list as CSV, for moving it between systems (`state export`/`import`,
 * `subscribers suppressed --export`). The first five columns are the older export's, in its
 * order; `issue_id` and `source` came later.
 */
export const SUPPRESSION_CSV_COLUMNS = ['email', 'reason', 'detail', 'list_id', 'created_at', 'issue_id', 'source'] as const;

type Column = (typeof SUPPRESSION_CSV_COLUMNS)[number];

// a spreadsheet runs a field that starts with one of these as a formula; a quote in front stops it
const FORMULA = /^'*[=+\-@\t\r]/;

/** RFC 4180, every field quoted; a leading formula character is defused with `'` (and the import takes it off again). */
function csvField(value: string | undefined): string {
  const text = value ?? '';
  return `"${(FORMULA.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
}

/** The header line and one line per entry, CRLF, UTF-8: what Excel and CRMs read. */
export function suppressionCsv(entries: Iterable<SuppressionEntry>): string {
  const lines = [SUPPRESSION_CSV_COLUMNS.map(csvField).join(',')];
  for (const e of entries) lines.push([e.email, e.reason, e.detail, e.listId, e.createdAt, e.issueId, e.source].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A bad row (or header) of a suppression CSV: the file line and what is wrong. */
export interface CsvRowProblem {
  line: number;
  message: string;
}

export interface SuppressionCsv {
  /** One per (address, list), in file order; repeated identical rows once. */
  entries: NewSuppression[];
  problems: CsvRowProblem[];
}

const REASON_HINT = `one of ${SUPPRESSION_REASONS.slice(0, 4).join(', ')} (or the older ${SUPPRESSION_REASONS.slice(4).join(', ')})`;

/**
 * Reads a suppression CSV (the export's columns; `email` and `reason` required, the rest
 * may be missing or empty) and checks every row: each problem with its file line. The
 * caller imports nothing unless `problems` is empty.
 */
export function readSuppressionCsv(file: string, readText: (file: string) => Buffer = readFileSync): SuppressionCsv {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readText(file)).replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof TypeError) return { entries: [], problems: [{ line: 1, message: 'the file is not UTF-8 text: save it as "CSV UTF-8"' }] };
    throw error;
  }
  const normalized = text.replace(/\r\n?/g, '\n');
  const headerLine = normalized.split('\n').find((line) => line.trim() !== '');
  if (headerLine === undefined) return { entries: [], problems: [{ line: 1, message: `the file is empty: expected a header line with ${SUPPRESSION_CSV_COLUMNS.join(',')}` }] };
  let records: { record: string[]; line: number }[];
  try {
    const options: Options = {
      delimiter: detectDelimiter(headerLine),
      skip_empty_lines: true,
      relax_column_count: true,
      // the line a record starts on: its end line less the line breaks inside its quoted fields
      on_record: (record: string[], context: InfoRecord) => ({ record, line: context.lines - record.reduce((n, f) => n + f.split('\n').length - 1, 0) }) as never,
    };
    records = parse(normalized, options) as never;
  } catch (error) {
    const err = error as Error & { code?: string; lines?: number };
    if (!err.code?.startsWith('CSV_')) throw error;
    return { entries: [], problems: [{ line: err.lines ?? 1, message: `not valid CSV here (${err.message.replace(/^Invalid.*?: /, '')}); a field that starts with a double quote must end with one` }] };
  }

  const [header, ...rows] = records;
  const names = header.record.map((name) => name.trim().toLowerCase());
  const problems: CsvRowProblem[] = [];
  for (const name of names) {
    if (!(SUPPRESSION_CSV_COLUMNS as readonly string[]).includes(name)) problems.push({ line: header.line, message: `unknown column "${name}": expected ${SUPPRESSION_CSV_COLUMNS.join(', ')}` });
  }
  for (const required of ['email', 'reason']) if (!names.includes(required)) problems.push({ line: header.line, message: `no "${required}" column: the header must name email and reason` });
  if (problems.length > 0) return { entries: [], problems };

  const entries: NewSuppression[] = [];
  const seen = new Map<string, { line: number; entry: NewSuppression }>();
  for (const { record, line } of rows) {
    if (record.length > names.length) {
      problems.push({ line, message: `${record.length} fields, but the header names ${names.length}: a comma inside a field must be quoted` });
      continue;
    }
    const field = (column: Column) => undefuse(record[names.indexOf(column)]?.trim() ?? '');
    const checked = checkRow(field);
    if (typeof checked === 'string') {
      problems.push({ line, message: checked });
      continue;
    }
    const scope = `${suppressionKey(checked.email)} ${checked.listId ?? ''}`;
    const before = seen.get(scope);
    if (before) {
      if (before.entry.reason !== checked.reason) {
        problems.push({ line, message: `${checked.email} (${checked.listId ? `list ${checked.listId}` : 'every list'}) is on line ${before.line} already, as ${before.entry.reason}; here as ${checked.reason}: keep one of the two` });
      }
      continue;
    }
    seen.set(scope, { line, entry: checked });
    entries.push(checked);
  }
  return { entries, problems };
}

/** The export's `'` before a formula character, taken off again. */
function undefuse(value: string): string {
  return FORMULA.test(value) && value.startsWith("'") ? value.slice(1) : value;
}

/** One row as an entry, or what is wrong with it. */
function checkRow(field: (column: Column) => string): NewSuppression | string {
  const address = normalizeAddress(field('email'));
  if (!address.ok) return field('email') === '' ? 'no email address' : `"${field('email')}": ${address.reason}`;
  const reason = field('reason');
  if (!(SUPPRESSION_REASONS as readonly string[]).includes(reason)) {
    return reason === '' ? `no reason for ${address.email}: expected ${REASON_HINT}` : `reason "${reason}" is not ${REASON_HINT}`;
  }
  const created = field('created_at');
  let createdAt: string | undefined;
  if (created !== '') {
    const time = Date.parse(created);
    if (!/^\d{4}-\d{2}-\d{2}/.test(created) || Number.isNaN(time)) return `created_at "${created}" is not a time such as 2026-11-29T10:02:11Z`;
    createdAt = new Date(time).toISOString();
  }
  const optional = (column: Column) => (field(column) === '' ? {} : { [column === 'list_id' ? 'listId' : column === 'issue_id' ? 'issueId' : column]: field(column) });
  return {
    email: address.email,
    reason: reason as SuppressionReason,
    ...optional('list_id'),
    ...optional('issue_id'),
    ...optional('detail'),
    // where it came from first; an entry without one came from this import
    source: field('source') || 'import',
    ...(createdAt ? { createdAt } : {}),
  };
}

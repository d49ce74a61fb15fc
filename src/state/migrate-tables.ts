/**
 * What `state migrate` copies of each durable table, and how a row is compared with the
 * database's: the columns, the natural key a row is found by, and the order in which a
 * difference is worth naming first (the reason before the detail, the state before the reply).
 * Leases are not here on purpose: a lease belongs to a live sender, not to the history.
 */

export interface CopiedTable {
  name: 'suppression' | 'send_recipient';
  /** Every column copied, in insert order; the key columns first. */
  columns: { name: string; pgType: string }[];
  /** The columns a row is found by in the database. */
  key: string[];
  /** Key columns that may be NULL: compared through coalesce(…, ''), as the unique index is. */
  nullableKey?: string[];
  /** The other columns, compared in this order: the first one that differs is the one named. */
  compared: string[];
}

const text = (name: string) => ({ name, pgType: 'text' });
const int = (name: string) => ({ name, pgType: 'integer' });

export const SUPPRESSION_TABLE: CopiedTable = {
  name: 'suppression',
  // list_id is part of the key: one entry per (address, list), NULL = every list
  columns: [text('email_key'), text('list_id'), text('reason'), text('created_at'), text('email'), text('issue_id'), text('source'), text('detail')],
  key: ['email_key', 'list_id'],
  nullableKey: ['list_id'],
  compared: ['reason', 'created_at', 'email', 'issue_id', 'source', 'detail'],
};

export const RECIPIENT_TABLE: CopiedTable = {
  name: 'send_recipient',
  columns: [
    text('issue_id'),
    text('destination'),
    text('email_key'),
    text('state'),
    text('message_id'),
    text('email'),
    text('lang'),
    int('generation'),
    int('attempts'),
    int('bounced'),
    text('reply'),
    text('sent_at'),
    { name: 'handed_at', pgType: 'bigint' },
    text('created_at'),
    text('updated_at'),
    text('late_outcome'),
    text('late_status'),
    text('late_diagnostic'),
    text('late_at'),
  ],
  key: ['issue_id', 'destination', 'email_key'],
  compared: [
    'state',
    'message_id',
    'generation',
    'attempts',
    'bounced',
    'sent_at',
    'handed_at',
    'late_outcome',
    'late_status',
    'late_diagnostic',
    'late_at',
    'email',
    'lang',
    'reply',
    'created_at',
    'updated_at',
  ],
};

/** The columns of a run; runs are matched by their order within one (issue, destination). */
export const RUN_COLUMNS = ['mode', 'issue_hash', 'list_hash', 'generation', 'pid', 'recipients', 'started_at', 'finished_at', 'stopped_because'] as const;

export type Row = Record<string, unknown>;

/** One value as both backends give it: numbers as numbers, absent as null. */
export function comparable(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'number' ? value : String(value);
}

/** The first compared column whose values differ, or undefined when the rows are the same. */
export function firstDifference(columns: readonly string[], here: Row, there: Row): { column: string; here: string | number | null; there: string | number | null } | undefined {
  for (const column of columns) {
    const a = comparable(here[column]);
    const b = comparable(there[column]);
    if (a !== b) return { column, here: a, there: b };
  }
  return undefined;
}

/** A key as one string, for maps; a nullable key's NULL is '', as the unique index sees it. */
export function keyOf(table: CopiedTable, row: Row): string {
  return JSON.stringify(table.key.map((column) => (table.nullableKey?.includes(column) ? (comparable(row[column]) ?? '') : comparable(row[column]))));
}

/**
 * `INSERT … SELECT FROM unnest(…)`: one statement per batch, its values one array per column.
 * `WITH ORDINALITY` keeps the batch's order, so new ids follow the old ones.
 */
export function insertStatement(table: CopiedTable, rows: Row[]): { text: string; values: unknown[] } {
  const names = table.columns.map((c) => c.name);
  const arrays = table.columns.map((c, i) => `$${i + 1}::${c.pgType}[]`).join(', ');
  return {
    text: `INSERT INTO ${table.name} (${names.join(', ')})
           SELECT ${names.join(', ')} FROM unnest(${arrays}) WITH ORDINALITY AS t(${names.join(', ')}, ord) ORDER BY ord`,
    values: table.columns.map((c) => rows.map((row) => comparable(row[c.name]))),
  };
}

/** `SELECT` of the database's rows that share a key with `rows` (NULL keys matched as equal). */
export function lookupStatement(table: CopiedTable, rows: Row[]): { text: string; values: unknown[] } {
  const keyColumns = table.key.map((name) => table.columns.find((c) => c.name === name)!);
  const arrays = keyColumns.map((c, i) => `$${i + 1}::${c.pgType}[]`).join(', ');
  const on = table.key.map((k) => (table.nullableKey?.includes(k) ? `coalesce(t.${k}, '') = coalesce(k.${k}, '')` : `t.${k} = k.${k}`)).join(' AND ');
  return {
    text: `SELECT t.* FROM ${table.name} t JOIN unnest(${arrays}) AS k(${table.key.join(', ')}) ON ${on}`,
    values: keyColumns.map((c) => rows.map((row) => comparable(row[c.name]))),
  };
}

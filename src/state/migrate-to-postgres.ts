import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openStateDatabase, STATE_FILE_NAME, type StateDatabase } from './database.js';
import { firstDifference, insertStatement, keyOf, lookupStatement, RECIPIENT_TABLE, RUN_COLUMNS, SUPPRESSION_TABLE, type CopiedTable, type Row } from './migrate-tables.js';
import { pgStateError } from './postgres/pg-errors.js';
import { pgConnection } from './postgres/pg-password.js';
import { redactDatabaseUrl } from './postgres/pg-url.js';
import { openPostgresStore, withSynchronousCommits } from './postgres/store.js';
import { leaseVerdict, publicHolder } from './process-identity.js';
import { sqliteGuard } from './sqlite/guard.js';
import { storedHolder } from './sqlite/lease.js';
import { sqliteStateError } from './sqlite/sqlite-errors.js';
import { StateError } from './state-error.js';
import type { LockHolder } from './types.js';

/** Rows per table: suppression entries, runs, journal rows. */
export interface MigrationCounts {
  suppression: number;
  runs: number;
  journalRows: number;
}

/** One thing the database already holds otherwise than the SQLite state ("here" is SQLite, "there" PostgreSQL). */
export interface MigrationDifference {
  table: 'suppression' | 'send_run' | 'send_recipient';
  email?: string;
  /** A suppression's list; absent: every list. */
  listId?: string;
  issueId?: string;
  destination?: string;
  /** The column that differs, and its values; `runs` when the number of runs differs. */
  column: string;
  here: string | number | null;
  there: string | number | null;
  /** Which run of the (issue, destination) differs, counted from 1. */
  run?: number;
}

export type LiveLease = LockHolder & { issueId: string; destination: string; where: 'here' | 'there' };

export type MigrationResult = { source: string; target: string } & (
  | { outcome: 'locked'; leases: LiveLease[] }
  | { outcome: 'different'; differences: MigrationDifference[]; differenceCount: number; total: MigrationCounts }
  | { outcome: 'copied' | 'nothing-to-copy'; dryRun: boolean; copied: MigrationCounts; alreadyThere: MigrationCounts; total: MigrationCounts }
);

export interface MigrateOptions {
  /** Compare and copy in the transaction, then roll it back. */
  dryRun?: boolean;
  /** Rows read and written per statement; default 1 000. */
  batchSize?: number;
  /** Differences kept for the report (all are counted); default 20. */
  maxDifferences?: number;
  onProgress?(table: keyof MigrationCounts, done: number, total: number): void;
  onBusy?(attempt: number, of: number): void;
}

const zero = (): MigrationCounts => ({ suppression: 0, runs: 0, journalRows: 0 });

/**
 * Copies the SQLite state of `stateDir` into the PostgreSQL database at `url`: the
 * suppression list, the runs and the journal (never the leases), in one transaction of the
 * database, in batches (a large state is never held in memory). Rows the database holds
 * already, identical, are left; a row it holds otherwise, or journal rows only it has,
 * make the whole copy a refusal (`different`) with nothing written. While it copies, it
 * holds the SQLite state's write lock, so nothing changes under it; a live send lease on
 * either side refuses (`locked`). After the copy, what the database holds is counted again.
 */
export async function migrateSqliteToPostgres(stateDir: string, url: string, options: MigrateOptions = {}): Promise<MigrationResult> {
  const sourceFile = join(stateDir, STATE_FILE_NAME);
  const target = redactDatabaseUrl(url);
  if (!existsSync(sourceFile)) throw new StateError('cannot-open', sourceFile, 'there is no SQLite state here');
  // both schemas brought up to date first, as any command that opens them would
  const db = openStateDatabase(stateDir);
  const names = { source: sourceFile, target };
  let client: pg.Client | undefined;
  try {
    await (await openPostgresStore(url, { onBusy: options.onBusy })).close();
    // synchronous commits like the store's own connections: a copy the server confirmed stays copied
    client = new pg.Client({ ...withSynchronousCommits(pgConnection(url)), application_name: 'newsletter migrate' });
    client.on('error', () => undefined);
    await client.connect();
    const guard = sqliteGuard({ location: sourceFile, onBusy: options.onBusy });
    // nothing may change the state while it is copied: hold its write lock until the end
    await guard(() => db.exec('BEGIN IMMEDIATE'));
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('newsletter state migrate'))");
    const leases = [...liveLeasesHere(db), ...(await liveLeasesThere(client, jobsOf(db)))];
    if (leases.length > 0) return { ...names, outcome: 'locked', leases };
    const copy = new Copy(db, client, options);
    await copy.run();
    if (copy.differenceCount > 0) {
      return { ...names, outcome: 'different', differences: copy.differences, differenceCount: copy.differenceCount, total: copy.total };
    }
    const copiedAny = copy.copied.suppression + copy.copied.runs + copy.copied.journalRows > 0;
    if (copiedAny && !options.dryRun) await client.query('COMMIT');
    return { ...names, outcome: copiedAny ? 'copied' : 'nothing-to-copy', dryRun: Boolean(options.dryRun), copied: copy.copied, alreadyThere: copy.alreadyThere, total: copy.total };
  } catch (error) {
    const fromSqlite = sqliteStateError(error, sourceFile);
    throw fromSqlite instanceof StateError ? fromSqlite : pgStateError(error, target);
  } finally {
    // a refusal, a dry run, an error: nothing of the transaction stays (after COMMIT this is a no-op)
    await client?.query('ROLLBACK').catch(() => undefined);
    await client?.end().catch(() => undefined);
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

/** Every (issue, destination) the SQLite state has runs or journal rows of. */
function jobsOf(db: StateDatabase): { issue_id: string; destination: string }[] {
  return db.prepare('SELECT issue_id, destination FROM send_run UNION SELECT issue_id, destination FROM send_recipient').all() as never;
}

function liveLeasesHere(db: StateDatabase): LiveLease[] {
  const now = Date.now();
  const live: LiveLease[] = [];
  for (const row of db.prepare('SELECT * FROM send_lease').all() as (Parameters<typeof storedHolder>[0] & Row)[]) {
    const holder = storedHolder(row);
    // an expired lease, or one whose process surely ended on this machine, holds nothing
    if (leaseVerdict(holder, '', now) === 'held') live.push({ ...publicHolder(holder), issueId: row.issue_id, destination: row.destination, where: 'here' });
  }
  return live;
}

async function liveLeasesThere(client: pg.Client, jobs: { issue_id: string; destination: string }[]): Promise<LiveLease[]> {
  if (jobs.length === 0) return [];
  const { rows } = await client.query(
    `SELECT l.* FROM send_lease l JOIN unnest($1::text[], $2::text[]) AS j(issue_id, destination) ON l.issue_id = j.issue_id AND l.destination = j.destination
     WHERE l.expires_at > (extract(epoch from clock_timestamp()) * 1000)::bigint`,
    [jobs.map((j) => j.issue_id), jobs.map((j) => j.destination)],
  );
  return rows.map((row) => ({ ...publicHolder(storedHolder(row)), issueId: row.issue_id, destination: row.destination, where: 'there' as const }));
}

/** One migration's comparing and copying, table by table, batch by batch. */
class Copy {
  readonly copied = zero();
  readonly alreadyThere = zero();
  readonly total: MigrationCounts;
  readonly differences: MigrationDifference[] = [];
  differenceCount = 0;
  private readonly batchSize: number;

  constructor(
    private readonly db: StateDatabase,
    private readonly client: pg.Client,
    private readonly options: MigrateOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    const count = (table: string) => Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
    this.total = { suppression: count('suppression'), runs: count('send_run'), journalRows: count('send_recipient') };
  }

  async run(): Promise<void> {
    await this.suppression();
    await this.runs();
    await this.journal();
  }

  private differ(difference: MigrationDifference): void {
    this.differenceCount++;
    if (this.differences.length < (this.options.maxDifferences ?? 20)) this.differences.push(difference);
  }

  private async suppression(): Promise<void> {
    const next = this.db.prepare('SELECT * FROM suppression WHERE id > ? ORDER BY id LIMIT ?');
    let after = 0;
    for (let rows = next.all(after, this.batchSize) as Row[]; rows.length > 0; rows = next.all(after, this.batchSize) as Row[]) {
      after = Number(rows[rows.length - 1].id);
      await this.batch(SUPPRESSION_TABLE, 'suppression', rows, (row) => ({
        table: 'suppression',
        email: String(row.email),
        ...(row.list_id === null ? {} : { listId: String(row.list_id) }),
      }));
    }
  }

  private async journal(): Promise<void> {
    const next = this.db.prepare(
      'SELECT * FROM send_recipient WHERE (issue_id, destination, email_key) > (?, ?, ?) ORDER BY issue_id, destination, email_key LIMIT ?',
    );
    let after: unknown[] = ['', '', ''];
    for (let rows = next.all(...after, this.batchSize) as Row[]; rows.length > 0; rows = next.all(...after, this.batchSize) as Row[]) {
      const last = rows[rows.length - 1];
      after = [last.issue_id, last.destination, last.email_key];
      await this.batch(RECIPIENT_TABLE, 'journalRows', rows, (row) => ({
        table: 'send_recipient',
        issueId: String(row.issue_id),
        destination: String(row.destination),
        email: String(row.email),
      }));
    }
    if (this.differenceCount > 0) return;
    // every row of this state is there now; rows only the database has mean its journal went on elsewhere
    const jobs = this.db.prepare('SELECT issue_id, destination, count(*) AS n FROM send_recipient GROUP BY issue_id, destination').all() as Row[];
    for (const job of jobs) {
      const { rows } = await this.client.query('SELECT count(*)::int AS n FROM send_recipient WHERE issue_id = $1 AND destination = $2', [job.issue_id, job.destination]);
      const there = Number(rows[0].n);
      const here = Number(job.n);
      if (there < here) throw new Error(`state migrate: ${here - there} journal rows of ${job.issue_id} → ${job.destination} are missing in the database after the copy`);
      if (there > here) this.differ({ table: 'send_recipient', issueId: String(job.issue_id), destination: String(job.destination), column: 'rows', here, there });
    }
  }

  /** Runs are few per (issue, destination): compared as a whole, by their order. */
  private async runs(): Promise<void> {
    const jobs = this.db.prepare('SELECT DISTINCT issue_id, destination FROM send_run ORDER BY issue_id, destination').all() as Row[];
    const runsHere = this.db.prepare('SELECT * FROM send_run WHERE issue_id = ? AND destination = ? ORDER BY id');
    for (const job of jobs) {
      const here = runsHere.all(job.issue_id, job.destination) as Row[];
      const there = (await this.client.query('SELECT * FROM send_run WHERE issue_id = $1 AND destination = $2 ORDER BY id', [job.issue_id, job.destination])).rows as Row[];
      const where = { table: 'send_run' as const, issueId: String(job.issue_id), destination: String(job.destination) };
      if (there.length === 0) {
        for (const run of here) {
          await this.client.query(
            `INSERT INTO send_run (issue_id, destination, ${RUN_COLUMNS.join(', ')}) VALUES ($1, $2, ${RUN_COLUMNS.map((_, i) => `$${i + 3}`).join(', ')})`,
            [job.issue_id, job.destination, ...RUN_COLUMNS.map((c) => run[c])],
          );
        }
        this.copied.runs += here.length;
        continue;
      }
      if (there.length !== here.length) {
        this.differ({ ...where, column: 'runs', here: here.length, there: there.length });
        continue;
      }
      let same = true;
      here.forEach((run, i) => {
        const difference = same ? firstDifference(RUN_COLUMNS, run, there[i]) : undefined;
        if (difference) {
          same = false;
          this.differ({ ...where, run: i + 1, ...difference });
        }
      });
      if (same) this.alreadyThere.runs += here.length;
      this.options.onProgress?.('runs', this.copied.runs + this.alreadyThere.runs, this.total.runs);
    }
  }

  /** Compares one batch with the database's rows of the same keys, inserts the missing ones, and reads them back. */
  private async batch(table: CopiedTable, counter: keyof MigrationCounts, rows: Row[], describe: (row: Row) => Omit<MigrationDifference, 'column' | 'here' | 'there'>): Promise<void> {
    const lookup = lookupStatement(table, rows);
    const found = new Map((await this.client.query(lookup.text, lookup.values)).rows.map((row: Row) => [keyOf(table, row), row]));
    const missing: Row[] = [];
    for (const row of rows) {
      const there = found.get(keyOf(table, row));
      if (!there) {
        missing.push(row);
        continue;
      }
      const difference = firstDifference(table.compared, row, there);
      if (difference) this.differ({ ...describe(row), ...difference } as MigrationDifference);
      else this.alreadyThere[counter]++;
    }
    // after a difference the copy is refused anyway: only compare the rest, to say how much differs
    if (missing.length > 0 && this.differenceCount === 0) {
      const insert = insertStatement(table, missing);
      await this.client.query(insert.text, insert.values);
      const check = (await this.client.query(`SELECT count(*)::int AS n FROM (${lookup.text}) AS found`, lookup.values)).rows[0].n as number;
      if (check !== rows.length) throw new Error(`state migrate: ${rows.length - check} rows of ${table.name} are missing in the database after the copy`);
      this.copied[counter] += missing.length;
    }
    this.options.onProgress?.(counter, this.copied[counter] + this.alreadyThere[counter], this.total[counter]);
  }
}

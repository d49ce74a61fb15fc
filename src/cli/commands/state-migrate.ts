import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import { STATE_FILE_NAME } from '../../state/database.js';
import type { MigrationCounts, MigrationDifference, MigrationResult } from '../../state/migrate-to-postgres.js';
import { databaseUrlHasPassword, databaseUrlWithoutPassword, isPostgresUrl, redactDatabaseUrl } from '../../state/postgres/pg-url.js';
import type { CommandInput } from '../command.js';
import { stateDirOf } from '../context.js';
import { note, plural, printJson, say, warn } from '../output.js';
import { stateBusy } from '../state.js';
import { configIfAny } from './subscribers-check.js';

const n = (value: number) => value.toLocaleString('en-US');

/** `12 suppression entries, 3 runs, 1,204 journal rows` */
function counted(counts: MigrationCounts): string {
  return [
    `${n(counts.suppression)} suppression ${plural(counts.suppression, 'entry', 'entries')}`,
    `${n(counts.runs)} ${plural(counts.runs, 'run')}`,
    `${n(counts.journalRows)} journal ${plural(counts.journalRows, 'row')}`,
  ].join(', ');
}

const shown = (value: string | number | null) => (value === null ? 'nothing' : String(value));

/** One difference as a line: `suppression of x@y (every list): unsubscribed here, bounced there`. */
export function describeDifference(d: MigrationDifference): string {
  if (d.table === 'suppression') {
    const what = d.column === 'reason' ? '' : `${d.column} `;
    return `suppression of ${d.email} (${d.listId ? `list ${d.listId}` : 'every list'}): ${what}${shown(d.here)} here, ${shown(d.there)} there`;
  }
  const job = `${d.issueId} → ${d.destination}`;
  if (d.table === 'send_run') {
    if (d.column === 'runs') return `runs of ${job}: ${d.here} here, ${d.there} there`;
    return `run ${d.run} of ${job}: ${d.column} ${shown(d.here)} here, ${shown(d.there)} there`;
  }
  if (d.column === 'rows') return `journal of ${job}: ${n(Number(d.there) - Number(d.here))} ${plural(Number(d.there) - Number(d.here), 'reader')} there that are not here`;
  return `journal of ${job}, ${d.email}: ${d.column === 'state' ? '' : `${d.column} `}${shown(d.here)} here, ${shown(d.there)} there`;
}

/** The database the state goes to: --to, else NEWSLETTER_DATABASE_URL, else the config's state.url. */
function targetUrl(flag: string | undefined, configUrl: string | undefined): string {
  const url = flag ?? process.env.NEWSLETTER_DATABASE_URL?.trim() ?? configUrl;
  if (!url) throw new UsageError('state migrate needs the database to copy to: --to postgres://user@host:5432/db (the password in PGPASSWORD or ~/.pgpass)');
  if (!isPostgresUrl(url)) throw new UsageError(`--to must be a postgres:// URL, found ${JSON.stringify(redactDatabaseUrl(url))}`);
  if (flag && databaseUrlHasPassword(flag)) {
    warn('the password in --to can be seen by other users of this machine (ps) and stays in your shell history: give it as PGPASSWORD or in ~/.pgpass instead');
  }
  return url;
}

/**
 * `newsletter state migrate [--to URL] [--dry-run] [--json]`: copies this project's SQLite
 * state (or `--state DIR`) into a PostgreSQL database, in one transaction, and says what
 * to do next. Idempotent; refuses, writing nothing, when the database holds other data.
 */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const config = configIfAny(globals);
  // the source is always a folder: NEWSLETTER_DATABASE_URL names where the state goes, not where it is
  const stateDir = stateDirOf(globals, config);
  const url = targetUrl(options.to as string | undefined, config?.state?.url);
  const target = redactDatabaseUrl(url);
  if (!existsSync(join(stateDir, STATE_FILE_NAME))) {
    throw new UserError(`there is no SQLite state in ${stateDir}: nothing to migrate`, {
      hint: 'name the state folder the sends used with --state DIR (or NEWSLETTER_STATE_DIR), or run the command in that project',
    });
  }
  const { migrateSqliteToPostgres } = await import('../../state/migrate-to-postgres.js');
  let reported = 0;
  const result = await migrateSqliteToPostgres(stateDir, url, {
    dryRun: Boolean(options.dryRun),
    onBusy: stateBusy,
    onProgress: (table, done, total) => {
      // a large journal takes a while: a line every 100 000 rows
      if (table === 'journalRows' && done - reported >= 100_000) {
        reported = done;
        note(`compared ${n(done)} of ${n(total)} journal rows…`);
      }
    },
  });
  refuse(result);
  if (result.outcome === 'locked' || result.outcome === 'different') return 1;

  if (options.json) {
    printJson({
      source: result.source,
      target: result.target,
      outcome: result.dryRun ? 'dry-run' : result.outcome,
      copied: result.copied,
      already_there: result.alreadyThere,
      total: result.total,
      verified: !result.dryRun,
    });
    return 0;
  }
  const lines = [`state migrate: ${result.source} → ${target}`];
  if (result.outcome === 'nothing-to-copy') {
    lines.push(`nothing to copy: the database holds every row of this state already (${counted(result.total)})`);
  } else if (result.dryRun) {
    lines.push(`would copy: ${counted(result.copied)} (already there: ${counted(result.alreadyThere)})`, 'dry run: nothing was written');
  } else {
    lines.push(
      `copied: ${counted(result.copied)} (already there: ${counted(result.alreadyThere)})`,
      `verified: the database holds every row of this state (${counted(result.total)})`,
    );
  }
  if (!result.dryRun) {
    const plain = databaseUrlWithoutPassword(url);
    lines.push(
      '',
      'Next: use the database from now on, on every machine (the endpoint, editors, CI):',
      `  NEWSLETTER_DATABASE_URL=${plain}   (the password in PGPASSWORD or ~/.pgpass)`,
      `  or in newsletter.config.yaml:  state: {url: ${plain}}`,
      `The SQLite state in ${stateDir} was not changed: keep it as a backup, but send and serve from the database only.`,
    );
  }
  say(lines.join('\n'));
  return 0;
}

/** A live send or other data in the database: a user error that says which, and that nothing was written. */
function refuse(result: MigrationResult): void {
  if (result.outcome === 'locked') {
    const lease = result.leases[0];
    const where = lease.where === 'here' ? 'this state' : 'the database';
    throw new UserError(
      `"${lease.issueId}" is being sent from ${where} by process ${lease.pid} on ${lease.host} (last heartbeat ${lease.heartbeat}): nothing was copied`,
      { hint: 'migrate a state nobody writes: let the send finish (or stop it with Ctrl-C), then run state migrate again' },
    );
  }
  if (result.outcome === 'different') {
    const more = result.differenceCount - result.differences.length;
    throw new UserError(
      [
        `the database already holds other data than this state (${n(result.differenceCount)} ${plural(result.differenceCount, 'difference')}); nothing was copied:`,
        ...result.differences.map((d) => `  ${describeDifference(d)}`),
        ...(more > 0 ? [`  … and ${n(more)} more`] : []),
      ].join('\n'),
      {
        hint: `"here" is ${result.source}, "there" ${result.target}. Migrate into an empty database (or the one this state was migrated to before, unchanged since). To merge only suppression lists, use "newsletter state export" here and "newsletter state import" there`,
      },
    );
  }
}

import pg from 'pg';
import type { StateStore } from '../types.js';
import { StateError } from '../state-error.js';
import { pgJournal } from './journal.js';
import { pgPlans } from './plans.js';
import { PG_MIGRATIONS } from './migrations.js';
import { pgStateError } from './pg-errors.js';
import { pgGuard, rows, transaction } from './pg-guard.js';
import { pgConnection } from './pg-password.js';
import { redactDatabaseUrl } from './pg-url.js';
import { pgSuppression } from './suppression.js';

export interface PostgresStoreOptions {
  onBusy?(attempt: number, of: number): void;
  /** Connections in the pool; default 10 (a send uses one per message in flight, plus the lease's own). */
  poolSize?: number;
}

// bigint counts and ids as numbers: a journal never comes near 2^53 rows
pg.types.setTypeParser(20, (value) => Number(value));

/**
 * The state in a PostgreSQL database, `postgres://user@host:5432/db` (password from the URL,
 * PGPASSWORD or ~/.pgpass, as libpq does). Brings the schema up to date, one migration at a
 * time under an advisory lock, so two first starts never both migrate.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<StateStore> {
  const location = redactDatabaseUrl(url);
  const pool = new pg.Pool({ ...withSynchronousCommits(pgConnection(url)), max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000, application_name: 'newsletter' });
  // an idle connection that dies (server restart) must not crash the process: the next query reconnects
  pool.on('error', () => undefined);
  const guard = pgGuard({ location, onBusy: options.onBusy });
  let journal: ReturnType<typeof pgJournal>;
  try {
    await migrate(pool, location);
    journal = pgJournal(pool, guard, location);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw pgStateError(error, location);
  }
  const { closeSessions, ...journalStore } = journal as typeof journal & { closeSessions(): Promise<void> };
  const count = async (table: string) => Number((await rows<{ n: number }>(pool, `SELECT count(*) AS n FROM ${table}`))[0].n);
  return {
    backend: 'postgres',
    location,
    readOnly: false,
    suppression: pgSuppression(pool, guard),
    journal: journalStore,
    plans: pgPlans(pool, guard),
    info: () =>
      guard(async () => ({
        backend: 'postgres' as const,
        location,
        schemaVersion: await schemaVersion(pool),
        counts: { suppressed: await count('suppression'), journalRows: await count('send_recipient'), runs: await count('send_run'), leases: await count('send_lease') },
      })),
    checkWritable: () =>
      guard(async () => {
        // a real write transaction: fails on a read-only server, a full disk, a lost grant
        await transaction(pool, async (client) => {
          await client.query('UPDATE newsletter_schema SET version = version');
        });
      }),
    close: async () => {
      await closeSessions?.();
      await pool.end();
    },
  };
}

/**
 * The connection settings with synchronous commits asked for, whatever the server's default:
 * with synchronous_commit=off a crash of the database takes back the last "sending" marks,
 * and the resumed send mails those readers again. Keeps the `options` the URL or PGOPTIONS
 * gives (a search_path, say), as libpq would read them.
 */
export function withSynchronousCommits(config: pg.ClientConfig): pg.ClientConfig {
  let given = config.options ?? process.env.PGOPTIONS ?? '';
  let rest = config;
  if (config.connectionString) {
    try {
      const parsed = new URL(config.connectionString);
      // pg lets a URL's options win over the config's: move them over
      if (parsed.searchParams.has('options')) {
        given = parsed.searchParams.get('options') ?? '';
        parsed.searchParams.delete('options');
        rest = { ...config, connectionString: parsed.toString() };
      }
    } catch {
      // not a URL: pg reports that itself
    }
  }
  return { ...rest, options: `${given} -c synchronous_commit=on`.trim() };
}

async function schemaVersion(pool: pg.Pool | pg.PoolClient): Promise<number> {
  const found = await rows<{ version: number }>(pool, 'SELECT version FROM newsletter_schema');
  return found[0]?.version ?? 0;
}

async function migrate(pool: pg.Pool, location: string): Promise<void> {
  await transaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('newsletter schema'))");
    // only the first start needs the right to create tables (the owner's role); later ones only read the version
    const exists = (await rows<{ found: boolean }>(client, "SELECT to_regclass('newsletter_schema') IS NOT NULL AS found"))[0].found;
    if (!exists) await client.query('CREATE TABLE newsletter_schema (version integer NOT NULL)');
    const found = await rows<{ version: number }>(client, 'SELECT version FROM newsletter_schema');
    if (found.length === 0) await client.query('INSERT INTO newsletter_schema (version) VALUES (0)');
    const current = found[0]?.version ?? 0;
    if (current > PG_MIGRATIONS.length) {
      throw new StateError('newer-schema', location, `it has schema version ${current}, this newsletter knows up to ${PG_MIGRATIONS.length}`);
    }
    for (let version = current + 1; version <= PG_MIGRATIONS.length; version++) {
      await client.query(PG_MIGRATIONS[version - 1].sql);
      await client.query('UPDATE newsletter_schema SET version = $1', [version]);
    }
  });
}

export const POSTGRES_SCHEMA_VERSION = PG_MIGRATIONS.length;

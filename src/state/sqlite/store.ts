import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStateDatabase, STATE_FILE_NAME } from '../database.js';
import { MIGRATIONS } from '../migrations.js';
import { StateError } from '../state-error.js';
import type { StateStore } from '../types.js';
import { sqliteGuard } from './guard.js';
import { sqliteJournal } from './journal.js';
import { sqlitePlans } from './plans.js';
import { sqliteSuppression } from './suppression.js';

export interface SqliteStoreOptions {
  readOnly?: boolean;
  /** Told while a busy state is waited on (see sqliteGuard). */
  onBusy?(attempt: number, of: number): void;
  busyTimeoutMs?: number;
  busyRetries?: number;
}

/** The state in `stateDir/state.sqlite` (created with group modes unless `readOnly`). */
export function openSqliteStore(stateDir: string, options: SqliteStoreOptions = {}): StateStore {
  const file = join(stateDir, STATE_FILE_NAME);
  const db = openStateDatabase(stateDir, { readOnly: options.readOnly, busyTimeoutMs: options.busyTimeoutMs });
  const guard = sqliteGuard({ location: file, onBusy: options.onBusy, busyRetries: options.busyRetries });
  const count = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
  return {
    backend: 'sqlite',
    location: file,
    readOnly: Boolean(options.readOnly),
    suppression: sqliteSuppression(db, guard),
    journal: sqliteJournal(db, guard),
    plans: sqlitePlans(db, guard),
    info: () =>
      guard(() => ({
        backend: 'sqlite' as const,
        location: file,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        counts: {
          suppressed: count('SELECT count(*) AS n FROM suppression'),
          journalRows: count('SELECT count(*) AS n FROM send_recipient'),
          runs: count('SELECT count(*) AS n FROM send_run'),
          leases: count('SELECT count(*) AS n FROM send_lease'),
        },
      })),
    checkWritable: () =>
      guard(() => {
        if (options.readOnly) throw new StateError('read-only', file, 'it was opened for reading only');
        // the write lock, as a real write takes it (waits on a busy state), and a write statement
        // that changes nothing: a file this user may only read opens read-only in WAL mode, and
        // there BEGIN IMMEDIATE alone succeeds — only a write says SQLITE_READONLY
        try {
          db.exec('BEGIN IMMEDIATE; UPDATE suppression SET id = id WHERE 0; COMMIT');
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: async () => {
      db.close();
    },
  };
}

/** The state of `stateDir` if one was ever made, else undefined: read-only commands must not leave an empty folder behind. */
export function openExistingSqliteStore(stateDir: string, options: SqliteStoreOptions = {}): StateStore | undefined {
  return existsSync(join(stateDir, STATE_FILE_NAME)) ? openSqliteStore(stateDir, options) : undefined;
}

export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

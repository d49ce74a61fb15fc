import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeGroupDir, makeGroupFile } from './file-modes.js';
import { MIGRATIONS } from './migrations.js';
import { sqliteStateError } from './sqlite/sqlite-errors.js';
import { StateError } from './state-error.js';

export type StateDatabase = Database.Database;

export const STATE_FILE_NAME = 'state.sqlite';

export { resolveStateDir } from './state-dir.js';

export interface OpenDatabaseOptions {
  /** Reads only: works on a state this user may not write (`status`, `subscribers suppressed`). */
  readOnly?: boolean;
  /** How long one statement waits for another writer before SQLITE_BUSY; default 5 s. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed, with group modes 0770/0660) the state database in WAL mode and
 * brings its schema up to date. WAL lets the unsubscribe endpoint write while a send reads,
 * and makes each journal commit survive a killed process without an fsync (synchronous=NORMAL).
 * What the user can fix (read-only, damaged, newer, full) rejects as a StateError.
 */
export function openStateDatabase(stateDir: string, options: OpenDatabaseOptions = {}): StateDatabase {
  const file = join(stateDir, STATE_FILE_NAME);
  let db: StateDatabase | undefined;
  try {
    if (options.readOnly) {
      if (!existsSync(file)) throw new StateError('cannot-open', file, 'there is no state file here');
      db = openReadOnly(file);
    } else {
      makeGroupDir(stateDir);
      // SQLite gives its -wal and -shm files the database file's mode
      makeGroupFile(file);
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // a checkpoint (with its two fsyncs) every ~10 000 pages instead of 1 000: a send commits
      // twice per reader, and checkpoints were most of that cost; durability is unchanged
      db.pragma('wal_autocheckpoint = 10000');
    }
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // SQLite's own default page cache (2 MB) instead of better-sqlite3's 16 MB: a send's plan and
    // journal filled those 16 MB by 30 000 readers (peak RSS 124 MB there, 110 MB with 2 MB)
    db.pragma('cache_size = -2000');
    db.pragma('foreign_keys = ON');
    if (options.readOnly) checkVersion(db, file, true);
    else migrate(db, file);
    return db;
  } catch (error) {
    db?.close();
    throw sqliteStateError(error, file);
  }
}

/**
 * A WAL database needs its -shm file, which a user without write access to the folder
 * cannot make: then the file and its WAL are copied to a private temp folder and read
 * there (removed again at close), so `status` works on a state this user may only read.
 */
function openReadOnly(file: string): StateDatabase {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!/^SQLITE_(READONLY|CANTOPEN)/.test(code)) throw error;
  }
  const copyDir = mkdtempSync(join(tmpdir(), 'newsletter-state-copy-'));
  const copy = join(copyDir, STATE_FILE_NAME);
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  const db = new Database(copy);
  const close = db.close.bind(db);
  db.close = () => {
    close();
    rmSync(copyDir, { recursive: true, force: true });
    return db;
  };
  return db;
}

/** Applies every migration above the database's `user_version`, each in its own transaction. */
export function migrate(db: StateDatabase, location = db.name): void {
  const current = checkVersion(db, location, false);
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    const apply = db.transaction(() => {
      db.exec(MIGRATIONS[version - 1].sql);
      db.pragma(`user_version = ${version}`);
    });
    apply.immediate();
  }
}

/** The schema version; a newer one than this code knows is refused rather than misread. */
function checkVersion(db: StateDatabase, location: string, mustBeCurrent: boolean): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StateError('newer-schema', location, `it has schema version ${current}, this newsletter knows up to ${MIGRATIONS.length}`);
  }
  if (mustBeCurrent && current < MIGRATIONS.length) {
    throw new StateError('read-only', location, `it has the older schema version ${current} and this command may not update it (version ${MIGRATIONS.length})`, {
      hint: 'run a command that writes the state once (e.g. "newsletter state info") as a user who may write it',
    });
  }
  return current;
}

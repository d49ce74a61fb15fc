import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type StateDatabase = Database.Database;

export const STATE_FILE_NAME = 'state.sqlite';

/**
 * The state folder: `--state DIR`, else NEWSLETTER_STATE_DIR, else `.newsletter/` beside
 * the config (the project root).
 */
export function resolveStateDir(projectDir: string, flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.NEWSLETTER_STATE_DIR) return resolve(env.NEWSLETTER_STATE_DIR);
  return join(projectDir, '.newsletter');
}

/**
 * Opens (creating if needed) the state database in WAL mode and brings its schema up to
 * date. WAL lets the unsubscribe endpoint write while a send reads, and makes each
 * journal commit survive a killed process without an fsync (synchronous=NORMAL).
 */
export function openStateDatabase(stateDir: string): StateDatabase {
  mkdirSync(stateDir, { recursive: true });
  const db = new Database(join(stateDir, STATE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // a checkpoint (with its two fsyncs) every ~10 000 pages instead of 1 000: a send commits
  // twice per reader, and checkpoints were most of that cost; durability is unchanged
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** Applies every migration above the database's `user_version`, each in its own transaction. */
export function migrate(db: StateDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the state database has schema version ${current}, newer than this newsletter knows (${MIGRATIONS.length}); update newsletter`,
    );
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    const apply = db.transaction(() => {
      db.exec(MIGRATIONS[version - 1].sql);
      db.pragma(`user_version = ${version}`);
    });
    apply.immediate();
  }
}

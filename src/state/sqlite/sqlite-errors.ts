import { StateError, type StateProblem } from '../state-error.js';

const BY_CODE: [RegExp, StateProblem, string][] = [
  [/^SQLITE_READONLY/, 'read-only', 'the file or its folder is read-only for this user'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'corrupt', 'SQLite says the file is not a database or is damaged'],
  [/^SQLITE_FULL/, 'full', 'no space left to write'],
  [/^SQLITE_IOERR_(WRITE|FSYNC|SHMSIZE|TRUNCATE)/, 'full', 'a write failed (disk full or failing)'],
  [/^SQLITE_(BUSY|LOCKED)/, 'busy', 'another program kept it locked'],
  [/^SQLITE_(CANTOPEN|PERM|AUTH)/, 'cannot-open', 'SQLite cannot open the file'],
];

const BY_ERRNO: Record<string, [StateProblem, string]> = {
  EACCES: ['read-only', 'permission denied'],
  EPERM: ['read-only', 'operation not permitted'],
  EROFS: ['read-only', 'the file system is read-only'],
  ENOSPC: ['full', 'no space left on the disk'],
  ENOTDIR: ['cannot-open', 'a part of the path is a file, not a folder'],
};

/**
 * An error of better-sqlite3 or of the file system around the state, as a `StateError`
 * naming `location`; anything else (a bug) is returned unchanged.
 */
export function sqliteStateError(error: unknown, location: string): unknown {
  if (error instanceof StateError) return error;
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return error;
  for (const [pattern, problem, detail] of BY_CODE) {
    if (pattern.test(code)) return new StateError(problem, location, `${detail} (${code})`, { cause: error });
  }
  const errno = BY_ERRNO[code];
  if (errno) return new StateError(errno[0], location, `${errno[1]} (${code})`, { cause: error });
  return error;
}

import { UserError } from '../errors.js';

/** What is wrong with the state, in words a user can act on. */
export type StateProblem =
  | 'read-only'
  | 'corrupt'
  | 'newer-schema'
  | 'full'
  | 'busy'
  | 'cannot-open'
  | 'unreachable'
  | 'auth'
  | 'refused'
  | 'lost-connection';

/**
 * The state cannot be read or written: a user error (exit 1, no stack) that names the
 * state and says what to do. `retryable` ones (busy, full, read-only, lost connection)
 * make the endpoint answer 503 with Retry-After instead of losing an unsubscribe.
 */
export class StateError extends UserError {
  readonly problem: StateProblem;
  readonly location: string;
  constructor(problem: StateProblem, location: string, detail: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`${describe(problem)} (${location}): ${detail}`, { hint: options.hint ?? HINTS[problem], cause: options.cause });
    this.name = 'StateError';
    this.problem = problem;
    this.location = location;
  }

  /** True when trying again later may succeed without anyone changing the setup. */
  get retryable(): boolean {
    return this.problem !== 'corrupt' && this.problem !== 'newer-schema' && this.problem !== 'auth';
  }
}

function describe(problem: StateProblem): string {
  switch (problem) {
    case 'read-only':
      return 'the state cannot be written';
    case 'corrupt':
      return 'the state file is damaged or not a newsletter state';
    case 'newer-schema':
      return 'the state was written by a newer newsletter';
    case 'full':
      return 'the disk holding the state is full';
    case 'busy':
      return 'the state stayed busy (locked by another program)';
    case 'cannot-open':
      return 'the state cannot be opened';
    case 'unreachable':
      return 'the state database cannot be reached';
    case 'auth':
      return 'the state database refused the login';
    case 'refused':
      return 'the state database refused the request';
    case 'lost-connection':
      return 'the connection to the state database was lost';
  }
}

const HINTS: Record<StateProblem, string> = {
  'read-only': 'give this user write access to the state folder and its files (the editors\' group needs rw, see docs/deployment.md), or use a state it may write with --state DIR',
  corrupt: 'restore the state folder from a backup, or name another one with --state DIR; keep the damaged file for inspection',
  'newer-schema': 'update newsletter on this machine to the version that wrote the state (npm install -g newsletter@latest)',
  full: 'free space on that disk and run the command again: nothing was half-written',
  busy: 'another program holds the state for a long time (a backup, an open sqlite3 shell?): close it and run the command again',
  'cannot-open': 'check that the folder exists and that this user may read it, or name another one with --state DIR',
  unreachable: 'check the host and port in NEWSLETTER_DATABASE_URL, that PostgreSQL runs and accepts connections from this machine',
  auth: 'check the user and the password (in the URL, PGPASSWORD or ~/.pgpass) and that pg_hba.conf lets this user in',
  refused: 'check that the database exists and that the role has the grants shown in docs/deployment.md',
  'lost-connection': 'check the network and the database server, then run the command again: it resumes where it stopped',
};

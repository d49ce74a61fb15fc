import { StateError, type StateProblem } from '../state-error.js';

/** SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) a user can act on. */
const BY_SQLSTATE: [RegExp, StateProblem, string][] = [
  [/^28P01$/, 'auth', 'wrong password'],
  [/^28/, 'auth', 'the login was refused'],
  [/^3D000$/, 'refused', 'the database does not exist'],
  [/^42501$/, 'refused', 'the role lacks a grant'],
  [/^53100$/, 'full', 'the database server\'s disk is full'],
  [/^53/, 'busy', 'the database server is out of resources'],
  [/^25006$/, 'read-only', 'the server is read-only (a standby?)'],
  [/^(40001|40P01|55P03)$/, 'busy', 'another session held the rows'],
  [/^57P0[123]$/, 'lost-connection', 'the server is shutting down or restarting'],
  [/^08/, 'lost-connection', 'the connection failed'],
  [/^XX001$/, 'corrupt', 'the server reports damaged data'],
];

const BY_ERRNO: Record<string, [StateProblem, string]> = {
  ECONNREFUSED: ['unreachable', 'nothing listens there (connection refused)'],
  ENOTFOUND: ['unreachable', 'no such host'],
  EAI_AGAIN: ['unreachable', 'the host name cannot be looked up now'],
  ETIMEDOUT: ['unreachable', 'the connection timed out'],
  EHOSTUNREACH: ['unreachable', 'the host is unreachable'],
  ENETUNREACH: ['unreachable', 'the network is unreachable'],
  ECONNRESET: ['lost-connection', 'the connection was reset'],
  EPIPE: ['lost-connection', 'the connection was closed'],
};

/** A `pg` error as a StateError naming the (redacted) location; anything else (a bug) unchanged. */
export function pgStateError(error: unknown, location: string): unknown {
  if (error instanceof StateError) return error;
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    for (const [pattern, problem, detail] of BY_SQLSTATE) {
      if (pattern.test(code)) return new StateError(problem, location, `${detail}: ${error.message} (SQLSTATE ${code})`, { cause: error });
    }
    const errno = BY_ERRNO[code];
    if (errno) return new StateError(errno[0], location, `${errno[1]} (${code})`, { cause: error });
  }
  if (/Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)) {
    return new StateError('lost-connection', location, error.message, { cause: error });
  }
  if (/password must be a string|SASL|password authentication/i.test(error.message)) {
    return new StateError('auth', location, 'no password was given, or it was refused', { cause: error });
  }
  return error;
}

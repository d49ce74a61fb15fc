/**
 * Errors are data until the edge: stages return `Problem[]`; only the CLI turns them into
 * output and an exit code. Three kinds reach the edge: UserError (exit 1, no stack),
 * UsageError (exit 2), anything else (internal: stack and a request to report it).
 */

export type Severity = 'error' | 'warning';

/** One located problem in an editor's file, e.g. `issues/x.de.yaml:12:5: unknown field "tittle"`. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: Severity;
  /** What to do about it, when something helps: `did you mean "title"?` */
  hint?: string;
  /** A stable name for problems that other checks refer to (messages may be reworded). */
  code?: string;
}

/** `base_url` is not https: a warning while validating, an error when checking readiness to send. */
export const BASE_URL_NOT_HTTPS = 'base-url-not-https';

/** What a validating stage returns instead of throwing on the first problem. */
export interface Checked<T> {
  value?: T;
  problems: Problem[];
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Bad input the user must fix: printed without a stack, exit 1. */
export class UserError extends Error {
  readonly hint?: string;
  readonly problems: Problem[];
  constructor(message: string, options: { hint?: string; problems?: Problem[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.problems = options.problems ?? [];
  }
}

/** Wrong use of the command line: exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `file:line:column: message` — with `warning: ` before warnings' messages. */
export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  const kind = problem.severity === 'warning' ? 'warning: ' : '';
  const hint = problem.hint ? `\n  hint: ${problem.hint}` : '';
  return `${where}: ${kind}${problem.message}${hint}`;
}

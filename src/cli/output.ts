import type { Writable } from 'node:stream';
import { formatProblem, type Problem } from '../errors.js';

/** Colour only on a TTY and never with NO_COLOR set. */
export function useColor(stream: NodeJS.WriteStream | Writable = process.stderr): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean((stream as NodeJS.WriteStream).isTTY);
}

function paint(code: number, text: string, stream?: NodeJS.WriteStream): string {
  return useColor(stream) ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export const style = {
  red: (t: string, s?: NodeJS.WriteStream) => paint(31, t, s),
  yellow: (t: string, s?: NodeJS.WriteStream) => paint(33, t, s),
  green: (t: string, s?: NodeJS.WriteStream) => paint(32, t, s),
  dim: (t: string, s?: NodeJS.WriteStream) => paint(2, t, s),
  bold: (t: string, s?: NodeJS.WriteStream) => paint(1, t, s),
};

/**
 * A noun for a count: `plural(1, 'reader')` is 'reader', `plural(3, 'reader')` 'readers',
 * `plural(2, 'address', 'addresses')` 'addresses'.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}

/** Progress, warnings and notes: stderr. */
export function note(message: string): void {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
}

export function warn(message: string): void {
  note(style.yellow(`warning: ${message}`));
}

/** Results: stdout. */
export function say(message: string): void {
  process.stdout.write(message.endsWith('\n') ? message : `${message}\n`);
}

/** `--json`: one document on stdout and nothing else there. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Every problem as `file:line:column: message` (+ hint), errors before warnings keep file order. */
export function printProblems(problems: readonly Problem[], stream: NodeJS.WriteStream = process.stderr): void {
  for (const problem of problems) {
    const line = formatProblem(problem);
    stream.write(`${problem.severity === 'error' ? style.red(line, stream) : style.yellow(line, stream)}\n`);
  }
}

import type { Writable } from 'node:stream';
import { formatProblem, type Problem } from '../errors.js';
import { showUnsafe, UNSAFE_CHARACTERS } from '../source/unsafe-characters.js';

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

/** The colour codes `paint` writes, and only those. */
const OWN_COLOUR = /(\u001b\[(?:0|1|2|31|32|33)m)/;

/**
 * The one gate for text to the terminal: every control and text-direction character a value
 * from a CSV, a config, an argument or a server's reply may hold is written as `<U+001B>`,
 * so it cannot move the cursor, retitle the window or reverse the line. Line breaks and tabs
 * stay; our own colour codes stay when `keepColour` (the stream is a colour terminal).
 * `visible('anna\u001b[2J@example.org')` → `anna<U+001B>[2J@example.org`
 */
export function visible(text: string, keepColour = false): string {
  if (!keepColour) return showUnsafe(text, true);
  return text
    .split(OWN_COLOUR)
    .map((part, i) => (i % 2 === 1 ? part : showUnsafe(part, true)))
    .join('');
}

function writeLine(stream: NodeJS.WriteStream, message: string): void {
  const text = visible(message, useColor(stream));
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Progress, warnings and notes: stderr. */
export function note(message: string): void {
  writeLine(process.stderr, message);
}

export function warn(message: string): void {
  note(style.yellow(`warning: ${message}`));
}

/** Results: stdout. */
export function say(message: string): void {
  writeLine(process.stdout, message);
}

/**
 * `--json`: one document on stdout and nothing else there. JSON escapes C0 controls itself;
 * DEL, C1 and the text-direction characters are escaped too (`\u202e`), the same data.
 */
export function printJson(value: unknown): void {
  process.stdout.write(`${jsonText(value)}\n`);
}

/** `value` as printJson writes it (two-space indent, unsafe characters escaped), without the final line break. */
export function jsonText(value: unknown, indent = 2): string {
  // the only raw C0 left are the line breaks of the layout
  return JSON.stringify(value, null, indent).replace(UNSAFE_CHARACTERS, (char) => (char === '\n' ? char : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Set when stdout's reader went away (`newsletter status … --unknown | head`): a long listing stops quietly. */
let stdoutGone = false;
let watchingStdout = false;

/**
 * Writes a piece of a long listing to stdout and waits while the reader of a pipe is behind,
 * so a million lines never pile up in memory. `json`: the text is JSON already (no visible()).
 * Resolves false once the reader is gone (EPIPE): the caller stops listing, without a stack trace.
 */
export async function writeStreamed(text: string, json = false): Promise<boolean> {
  if (!watchingStdout) {
    watchingStdout = true;
    // the error of a closed pipe arrives after the write; without a listener it would end the process with a stack
    process.stdout.on('error', () => {
      stdoutGone = true;
    });
  }
  if (stdoutGone) return false;
  // a turn of the event loop per piece: a closed pipe's error (it comes on a later tick) stops
  // the listing at once, instead of after every remaining row was read for nobody
  await new Promise((resolve) => setImmediate(resolve));
  if (stdoutGone) return false;
  if (!process.stdout.write(json ? text : visible(text))) {
    // the reader catches up (drain), or goes away (error): either ends the wait
    await new Promise<void>((resolve) => {
      const done = () => {
        process.stdout.off('drain', done);
        process.stdout.off('error', done);
        resolve();
      };
      process.stdout.once('drain', done);
      process.stdout.once('error', done);
    });
  }
  return !stdoutGone;
}

/** Every problem as `file:line:column: message` (+ hint), errors before warnings keep file order. */
export function printProblems(problems: readonly Problem[], stream: NodeJS.WriteStream = process.stderr): void {
  for (const problem of problems) {
    const line = visible(formatProblem(problem));
    stream.write(`${problem.severity === 'error' ? style.red(line, stream) : style.yellow(line, stream)}\n`);
  }
}

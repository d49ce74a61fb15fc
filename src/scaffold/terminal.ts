/**
 * Where `init` and `new` ask their questions. The CLI passes the process's streams; tests
 * pass PassThrough streams and type the answers, so the real prompts run in-process.
 */
export interface Terminal {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** False without a TTY: then nothing may be asked and `--yes` is required. */
  interactive: boolean;
}

/** The process's own terminal; questions go to stderr so stdout keeps only results. */
export function processTerminal(): Terminal {
  return { input: process.stdin, output: process.stderr, interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) };
}

/** The editor pressed Ctrl-C (or closed the input) in a prompt: leave quietly. */
export function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** Exit code after Ctrl-C, as shells report a SIGINT. */
export const INTERRUPTED_EXIT_CODE = 130;

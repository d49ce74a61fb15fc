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

/**
 * Asks about each file already in the way, "no" by default; returns those to leave alone.
 * `init` and `new` never overwrite a file without this question.
 */
export async function filesNotToOverwrite(paths: string[], terminal: Terminal): Promise<Set<string>> {
  const { confirm } = await import('@inquirer/prompts');
  const skip = new Set<string>();
  for (const path of paths) {
    const overwrite = await confirm(
      { message: `${path} exists already. Overwrite it?`, default: false },
      { input: terminal.input, output: terminal.output },
    );
    if (!overwrite) skip.add(path);
  }
  return skip;
}

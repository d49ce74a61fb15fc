import { confirm } from '@inquirer/prompts';

/** Where a question is asked: the process's terminal by default, PassThrough streams in tests. */
export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** True when someone can answer a question: stdin and stderr are terminals. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * Asks a yes/no question on stderr (stdout stays free for `--json`). Resolves to the
 * answer, or `undefined` when the editor pressed Ctrl-C or closed the terminal: the caller
 * stops quietly, without a stack trace.
 */
export async function askToConfirm(message: string, defaultAnswer = false, streams?: PromptStreams): Promise<boolean | undefined> {
  try {
    return await confirm({ message, default: defaultAnswer }, streams ?? { output: process.stderr });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError') return undefined;
    throw error;
  }
}

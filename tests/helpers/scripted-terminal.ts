import { PassThrough } from 'node:stream';
import type { Terminal } from '../../src/cli/terminal.js';

/**
 * A terminal for the real prompts, in-process: the test waits until a question appears on
 * the output, then types keys into the input, as a person would.
 */
export interface ScriptedTerminal {
  terminal: Terminal;
  /** Everything the prompts printed so far, escape sequences removed. */
  screen(): string;
  /** Waits for `question` to appear after the last answer, then types `keys` and Enter. */
  answer(question: string, keys?: string): Promise<void>;
  /** Waits until `text` appears after the last answer. */
  waitFor(text: string): Promise<void>;
  /** Types keys without pressing Enter. */
  type(keys: string): void;
  /** Waits for `question`, then presses Ctrl-C. */
  interrupt(question: string): Promise<void>;
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function scriptedTerminal(): ScriptedTerminal {
  const input = new PassThrough();
  const output = new PassThrough();
  // Each prompt ends its output when done; process.stderr ignores that, so must this one.
  output.end = (() => output) as typeof output.end;
  // a wide screen, so that messages are not wrapped in the middle
  Object.assign(output, { columns: 400, rows: 50 });
  let raw = '';
  let consumed = 0;
  output.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  const screen = () => raw.replace(ANSI, '');

  async function waitFor(question: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!screen().slice(consumed).includes(question)) {
      if (Date.now() > deadline) throw new Error(`the prompt "${question}" never appeared; screen:\n${screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    consumed = screen().length;
  }

  return {
    terminal: { input, output, interactive: true },
    screen,
    async answer(question, keys = '') {
      await waitFor(question);
      input.write(keys);
      input.write('\r');
    },
    waitFor,
    type: (keys) => input.write(keys),
    async interrupt(question) {
      await waitFor(question);
      input.write('\u0003');
    },
  };
}

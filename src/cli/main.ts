import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { UsageError, UserError } from '../errors.js';
import { buildProgram } from './program.js';
import { printProblems, style } from './output.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The only place that decides exit codes: 0 done, 1 user error, 2 wrong usage,
 * 70 internal error (with its stack and a request to report it).
 */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  let exitCode = 0;
  const program = buildProgram(packageVersion(), (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportError(error, debug);
  }
}

export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // help and --version "fail" with exit code 0; every other commander error is wrong usage
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`${style.red('error:')} ${error.message}\n(run with --help for usage)\n`);
    return 2;
  }
  if (error instanceof UserError) {
    if (error.problems.length > 0) printProblems(error.problems);
    process.stderr.write(`${style.red('error:')} ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`${style.red('internal error:')} ${err.message}\n${err.stack ?? ''}\n`);
  process.stderr.write('This is a bug in newsletter. Please report it with the command you ran and the output above.\n');
  return 70;
}

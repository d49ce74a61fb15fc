import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { UsageError, UserError } from '../errors.js';
import { tuneForBriefRun } from './brief-run.js';
import { buildProgram } from './program.js';
import { keepHeapSmall } from './small-heap.js';
import { printProblems, style, visible } from './output.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The only place that decides exit codes: 0 done, 1 user error, 2 wrong usage,
 * 70 internal error (with its stack and a request to report it); a command may return
 * its own: 75 a send paused for a relay's limit or the sending window (cli/send-wait.ts),
 * 130 a question answered with Ctrl-C.
 */
export async function main(argv: string[]): Promise<number> {
  tuneForBriefRun(argv);
  keepHeapSmall(argv);
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
    process.stderr.write(`${style.red('error:')} ${visible(error.message)}\n(run with --help for usage)\n`);
    return 2;
  }
  if (error instanceof UserError) {
    if (error.problems.length > 0) printProblems(error.problems);
    process.stderr.write(`${style.red('error:')} ${visible(error.message)}\n`);
    if (error.hint) process.stderr.write(`  hint: ${visible(error.hint)}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
  const fsProblem = fileSystemProblem(error);
  if (fsProblem) {
    process.stderr.write(`${style.red('error:')} ${visible(fsProblem)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`${style.red('internal error:')} ${visible(err.message)}\n${err.stack ?? ''}\n`);
  process.stderr.write('This is a bug in newsletter. Please report it with the command you ran and the output above.\n');
  return 70;
}

const FILE_SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'something else is already there',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/**
 * A file-system error about a path the user named (an --out that is a file, a full disk):
 * the user's to fix, so a message and exit 1, not an internal error with a stack.
 */
function fileSystemProblem(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') return undefined;
  const reason = FILE_SYSTEM_REASONS[e.code];
  if (!reason) return undefined;
  const action = e.syscall === 'open' || e.syscall === 'scandir' || e.syscall === 'stat' ? 'use' : e.syscall ?? 'use';
  return `could not ${action} ${e.path}: ${reason} (${e.code})`;
}

/**
 * Commands that end within a second or two (a build, a check, `--version`) run without V8's
 * optimizing compiler: it spends more CPU compiling code that runs a few times than it saves
 * (a fifth of a cold build's CPU time, measured in bench/RESULTS.md). Long runs keep it: a
 * send, the preview, the endpoint, `build --watch`, reading a big subscriber list, the archive.
 */
import { setFlagsFromString } from 'node:v8';

const BRIEF_COMMANDS = new Set(['init', 'new', 'validate', 'check', 'build', 'status', 'unsubscribe']);
/** Global options that take a value: their value is not the command's name. */
const GLOBAL_WITH_VALUE = new Set(['--config', '--state']);

/** The command named in `argv` (`process.argv`), or undefined for `--version`, `--help`, none. */
export function commandOf(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (GLOBAL_WITH_VALUE.has(args[i])) i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/** True when this run is brief (see above). */
export function runsBriefly(argv: readonly string[]): boolean {
  const command = commandOf(argv);
  if (argv.includes('--watch')) return false;
  return command === undefined || BRIEF_COMMANDS.has(command);
}

/** Turns the optimizing compiler off for a brief run, before the command's modules load. */
export function tuneForBriefRun(argv: readonly string[]): void {
  if (runsBriefly(argv)) setFlagsFromString('--no-turbofan');
}

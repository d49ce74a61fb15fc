/**
 * Commands that stream a list or a state of any size (a send, `subscribers`, `status`, the
 * state's copies, the endpoint) keep V8's heap small. By default V8 grows its young
 * generation to 48 MB under a high allocation rate and lets the old generation fill up to
 * twice its live size before collecting: a send to 100 000 readers peaked at 207 MB with 20 MB
 * of live objects. Measured on that send (docs/send-performance.md): 125 MB, the CPU time
 * within the noise. Both flags are read by the collector at run time, so setting them here,
 * after start, works (`--max-semi-space-size`, read once at start, would not). Starting a
 * worker thread sets V8's flags back to the process's own: heapFlagsAgain() after one.
 */
import { setFlagsFromString } from 'node:v8';
import { commandOf } from './brief-run.js';

const LIST_COMMANDS = new Set(['send', 'subscribers', 'status', 'report', 'state', 'serve', 'bounces']);

/** The V8 flags for a run of `argv` (`process.argv`): empty when the command does not stream data. */
export function smallHeapFlags(argv: readonly string[]): string[] {
  const command = commandOf(argv);
  if (command === undefined || !LIST_COMMANDS.has(command)) return [];
  return [
    // the young generation stays at its starting size (1 MB semi-spaces) instead of doubling up to 16 MB
    '--semi-space-growth-factor=1',
    // the old generation may grow by a quarter of what survived the last full collection, not by up to 4×
    '--heap-growing-percent=25',
  ];
}

let applied: string[] = [];

/** Sets the flags of smallHeapFlags before the command's work allocates anything. */
export function keepHeapSmall(argv: readonly string[]): void {
  applied = smallHeapFlags(argv);
  heapFlagsAgain();
}

/** Sets the flags keepHeapSmall chose once more: a worker thread's start has reset them (Node 20). */
export function heapFlagsAgain(): void {
  for (const flag of applied) setFlagsFromString(flag);
}

// What must not outlive an interrupted bench (Ctrl-C, SIGTERM, a closed terminal): the temp
// folder, and above all a PostgreSQL server, which runs detached as another user and would
// keep running. Handlers are synchronous, as they must be in a signal handler.
import { constants } from 'node:os';

const cleanups = [];
let installed = false;

/** Runs `fn()` if the bench is interrupted before the returned function is called. */
export function onInterrupt(fn) {
  cleanups.push(fn);
  if (!installed) {
    installed = true;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => {
        process.stderr.write(`\n${signal}: cleaning up and stopping\n`);
        for (const cleanup of cleanups.splice(0).reverse()) {
          try {
            cleanup();
          } catch (error) {
            process.stderr.write(`cleanup failed: ${error.message}\n`);
          }
        }
        process.exit(128 + constants.signals[signal]);
      });
    }
  }
  return () => {
    const at = cleanups.indexOf(fn);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

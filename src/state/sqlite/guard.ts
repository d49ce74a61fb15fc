import { StateError } from '../state-error.js';
import { sqliteStateError } from './sqlite-errors.js';

/** Runs one synchronous SQLite step as a promise, its user-fixable errors as StateErrors. */
export type Guard = <T>(step: () => T) => Promise<T>;

export interface GuardOptions {
  location: string;
  /** Extra tries after SQLITE_BUSY outlasted busy_timeout; default 5 (with 5 s each: half a minute). */
  busyRetries?: number;
  /** Told before each extra try, so the user knows why nothing moves. */
  onBusy?(attempt: number, of: number): void;
}

/**
 * Each statement already waits `busy_timeout` for another writer; when that is not enough,
 * the step is tried again a bounded number of times (and the user told), then a StateError.
 */
export function sqliteGuard(options: GuardOptions): Guard {
  const retries = options.busyRetries ?? 5;
  // Once a step waited all its tries in vain, the next ones try once until one succeeds: a
  // send that stops then (settling what was in flight, closing its run, its heartbeat)
  // would otherwise wait the whole bound again for each step, the process frozen meanwhile.
  let exhausted = false;
  return async <T>(step: () => T): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = step();
        exhausted = false;
        return result;
      } catch (error) {
        const translated = sqliteStateError(error, options.location);
        if (translated instanceof StateError && translated.problem === 'busy') {
          if (attempt <= retries && !exhausted) {
            options.onBusy?.(attempt, retries);
            continue;
          }
          exhausted = true;
        }
        throw translated;
      }
    }
  };
}

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
  return async <T>(step: () => T): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return step();
      } catch (error) {
        const translated = sqliteStateError(error, options.location);
        if (translated instanceof StateError && translated.problem === 'busy' && attempt <= retries) {
          options.onBusy?.(attempt, retries);
          continue;
        }
        throw translated;
      }
    }
  };
}

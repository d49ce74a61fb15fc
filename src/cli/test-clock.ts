/**
 * Test only: `NEWSLETTER_TEST_CLOCK=2026-06-15T06:00:00Z` starts the clock of `send` and
 * `status` at that instant; from there it runs at real speed, and every wait for a limit or
 * the sending window passes at once (the clock jumps to its end). The end-to-end tests of
 * sends that take days use it; a real send never sets it, and when it is set every command
 * that reads it says so on stderr.
 */
import { systemClock, type Clock } from '../send/pace.js';

export const TEST_CLOCK_VARIABLE = 'NEWSLETTER_TEST_CLOCK';

/** The real clock, or the test clock when the variable is set; a line to print when it is. */
export function clockFromEnvironment(env: NodeJS.ProcessEnv = process.env): { clock: Clock; notice?: string } {
  const value = env[TEST_CLOCK_VARIABLE];
  if (!value) return { clock: systemClock };
  const start = Date.parse(value);
  if (!Number.isFinite(start)) return { clock: systemClock, notice: `note: ${TEST_CLOCK_VARIABLE}=${value} is not an ISO time; using the real clock` };
  let offset = start - Date.now();
  const now = () => Date.now() + offset;
  const clock: Clock = {
    now,
    random: () => Math.random(),
    sleep(ms, signal) {
      // the wait passes at once: the clock moves on by it (waits of parallel connections add
      // up, which only moves time on faster; the limits hold in this clock's time)
      if (ms > 0 && !signal?.aborted) offset += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
  return { clock, notice: `note: test clock in use (${TEST_CLOCK_VARIABLE}), starting at ${new Date(start).toISOString()}; waits pass at once` };
}

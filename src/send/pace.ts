/** Time as deliverIssue sees it: injectable so tests never wait for real backoff. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** In [0, 1): the jitter. */
  random(): number;
}

/** Real time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};

const HOUR_MS = 3_600_000;

export interface PacerOptions {
  /** Messages per second at most. */
  ratePerSecond?: number;
  /** Messages per hour at most (a sliding hour). */
  ratePerHour?: number;
  clock?: Clock;
  /** Hand-over times (ms) of earlier runs to the same destination, oldest first: the limit holds across a resume. */
  history?: readonly number[];
}

/**
 * Hands out send slots so that neither limit is exceeded; `slowDown` halves the pace
 * (doubles the interval) until the given time, as a 421 asks.
 */
export class Pacer {
  private readonly interval: number;
  private readonly perHour: number;
  private readonly clock: Clock;
  private last = -Infinity;
  /** Reserved slot times of the last hour; `head` skips the expired ones without shifting. */
  private window: number[] = [];
  private head = 0;
  private slowUntil = -Infinity;

  constructor(options: PacerOptions = {}) {
    this.interval = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
    this.perHour = options.ratePerHour ?? 0;
    this.clock = options.clock ?? systemClock;
    const history = options.history ?? [];
    if (history.length > 0) this.last = history[history.length - 1];
    if (this.perHour > 0) this.window = history.slice(-this.perHour);
  }

  /** True while a 421 asked us to go slower. */
  isSlowed(at = this.clock.now()): boolean {
    return at < this.slowUntil;
  }

  get slowedUntil(): number {
    return this.slowUntil;
  }

  slowDown(untilMs: number): void {
    this.slowUntil = Math.max(this.slowUntil, untilMs);
  }

  /** The time the next message may go out, reserved for the caller. */
  reserve(): number {
    const now = this.clock.now();
    let at = now;
    if (this.interval > 0) {
      const gap = this.isSlowed(now) ? this.interval * 2 : this.interval;
      at = Math.max(at, this.last + gap);
    }
    if (this.perHour > 0) {
      const limit = this.isSlowed(now) ? Math.max(1, Math.floor(this.perHour / 2)) : this.perHour;
      while (this.head < this.window.length && this.window[this.head] <= at - HOUR_MS) this.head++;
      const inWindow = this.window.length - this.head;
      // the slot of the message `limit` places back must leave the hour first
      if (inWindow >= limit) at = Math.max(at, this.window[this.window.length - limit] + HOUR_MS);
      this.window.push(at);
      if (this.head > 4096) {
        this.window = this.window.slice(this.head);
        this.head = 0;
      }
    }
    this.last = at;
    return at;
  }

  /** Waits for a slot; false when `signal` aborted the wait (the slot is then wasted, which only slows). */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    const at = this.reserve();
    const wait = at - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait, signal);
    return !signal?.aborted;
  }
}

export interface RetryPolicy {
  /** First retry after about this long; each further one waits twice as long. */
  firstDelayMs: number;
  /** Tries in one run, the first included. */
  maxAttempts: number;
  /** Retries stop when the next one would start later than this after the first try. */
  maxTotalMs: number;
}

/** The spec's defaults: from about 2 s, doubling, at most 5 tries within about 2 minutes. */
export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 2000, maxAttempts: 5, maxTotalMs: 120_000 };

/**
 * Delay before try number `attempt + 1` after `attempt` failed tries: exponential with
 * ±25 % jitter, so deferred readers do not all come back at once.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const base = policy.firstDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(base * (0.75 + random() * 0.5));
}

import { PERIOD_MS, type RateLimit, type RatePeriod, type SendWindow } from '../config/send-limits.js';
import { WindowTracker } from './window.js';

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

/** What made a slot later than now: a limit of that period, or the sending window. */
export type WaitReason = RatePeriod | 'window';

/** A reserved send time and, when it is later than now, what holds it back. */
export interface Slot {
  at: number;
  reason?: WaitReason;
}

export interface PacerOptions {
  /** Messages per second at most (evenly spaced). */
  ratePerSecond?: number;
  /** Messages per hour at most (a sliding hour). */
  ratePerHour?: number;
  /** Limits per second, minute, hour and day, as `effectiveLimits` gives them; joined with the two above. */
  limits?: readonly RateLimit[];
  /** When sending may happen at all. */
  window?: SendWindow;
  clock?: Clock;
  /** Hand-over times (ms) of earlier runs to the same destination, oldest first: the limits hold across a resume. */
  history?: readonly number[];
}

/** The last `count` slots handed out: one more fits once the oldest of them is a period old. */
class SlidingCount {
  private times: number[] = [];
  private head = 0;

  constructor(
    readonly per: RatePeriod,
    readonly count: number,
    history: readonly number[],
  ) {
    this.times = history.slice(-count);
  }

  /** The earliest time from `at` on when one more fits under `limit` (≤ count). */
  earliest(at: number, limit: number): number {
    const held = this.times.length - this.head;
    if (held < limit) return at;
    return Math.max(at, this.times[this.times.length - limit] + PERIOD_MS[this.per]);
  }

  push(at: number): void {
    this.times.push(at);
    if (this.times.length - this.head > this.count) this.head++;
    if (this.head > 4096) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * Hands out send slots so that no limit is exceeded and every slot lies in the sending
 * window. `slowDown` halves the pace until the given time, as a 421 asks: the spacing per
 * second doubles and the limits per minute and hour are halved (a daily quota is not a pace,
 * and stays). Slots never go back in time, even when the wall clock does.
 */
export class Pacer {
  private readonly interval: number;
  private readonly counts: SlidingCount[];
  private readonly window: WindowTracker | undefined;
  private readonly clock: Clock;
  private last = -Infinity;
  /** What held back the last slot: a slot that starts from it waits for the same. */
  private lastReason: WaitReason | undefined;
  private slowUntil = -Infinity;

  constructor(options: PacerOptions = {}) {
    const limits = joinLimits(options);
    const perSecond = limits.find((l) => l.per === 'second');
    this.interval = perSecond ? 1000 / perSecond.count : 0;
    this.clock = options.clock ?? systemClock;
    const history = options.history ?? [];
    if (history.length > 0) this.last = history[history.length - 1];
    this.counts = limits.filter((l) => l.per !== 'second').map((l) => new SlidingCount(l.per, l.count, history));
    this.window = options.window ? new WindowTracker(options.window) : undefined;
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
    return this.reserveSlot().at;
  }

  /** The next slot, reserved, with what holds it back when it is later than now. */
  reserveSlot(): Slot {
    const now = this.clock.now();
    const slowed = this.isSlowed(now);
    let at = Math.max(now, this.last);
    let reason = this.last > now ? this.lastReason : undefined;
    const later = (candidate: number, why: WaitReason) => {
      if (candidate > at) [at, reason] = [candidate, why];
    };
    if (this.interval > 0) later(this.last + (slowed ? this.interval * 2 : this.interval), 'second');
    for (const count of this.counts) {
      const limit = slowed && count.per !== 'day' ? Math.max(1, Math.floor(count.count / 2)) : count.count;
      later(count.earliest(at, limit), count.per);
    }
    // later only frees more of every limit, so the window can go last
    if (this.window) later(this.window.earliest(at), 'window');
    for (const count of this.counts) count.push(at);
    this.last = at;
    this.lastReason = reason;
    return reason && at > now ? { at, reason } : { at };
  }

  /** When the sending window closes next after `at` (Infinity without a window). */
  windowClosesAt(at = this.clock.now()): number {
    return this.window ? this.window.closesAt(at) : Infinity;
  }

  /** Waits for a slot; false when `signal` aborted the wait (the slot is then wasted, which only slows). */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    const at = this.reserve();
    const wait = at - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait, signal);
    return !signal?.aborted;
  }
}

/** `ratePerSecond`/`ratePerHour` and `limits` as one list, the stricter for a period named twice. */
function joinLimits(options: PacerOptions): RateLimit[] {
  const limits = [...(options.limits ?? [])];
  if (options.ratePerSecond) limits.push({ count: options.ratePerSecond, per: 'second' });
  if (options.ratePerHour) limits.push({ count: Math.max(1, Math.floor(options.ratePerHour)), per: 'hour' });
  const strictest = new Map<RatePeriod, number>();
  for (const l of limits) strictest.set(l.per, Math.min(strictest.get(l.per) ?? Infinity, l.count));
  return [...strictest].map(([per, count]) => ({ per, count }));
}

/**
 * Sleeps until the wall clock reads `until`, in steps of at most `stepMs`, reading the clock
 * after each: a machine that was suspended, or a clock that was set, is noticed within a
 * step instead of trusting one long timer. False when `signal` aborted.
 */
export async function sleepUntil(until: number, clock: Clock, signal?: AbortSignal, stepMs = 30_000): Promise<boolean> {
  for (let left = until - clock.now(); left > 0 && !signal?.aborted; left = until - clock.now()) {
    await clock.sleep(Math.min(left, stepMs), signal);
  }
  return !signal?.aborted;
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

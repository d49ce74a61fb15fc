/**
 * What `send` says when a relay's limit or the sending window makes it wait: the pause that
 * ends a run (exit code 75, "run the same command again then") and the line `--wait` shows
 * while it sleeps.
 */
import { effectiveLimits, formatRate, localTimeZone, type RateLimit, type SendWindow } from '../config/send-limits.js';
import type { Config } from '../config/types.js';
import type { DeliveryProgress } from '../send/deliver.js';
import type { WaitReason } from '../send/pace.js';
import type { DeliveryReport, PlanSummary } from '../send/types.js';
import { nextOpening } from '../send/window.js';
import { note } from './output.js';
import type { Target } from './send-setup.js';

/**
 * `send` stopped because a limit or the window says wait: not done (0), not failed (1), not
 * wrong usage (2). 75 is sysexits' EX_TEMPFAIL, "try again later", which cron and CI can tell apart.
 */
export const PAUSED_EXIT_CODE = 75;

const n = (value: number) => value.toLocaleString('en-US');
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** `Tue 16 Jun 08:00 Europe/Berlin`: a wall-clock time in the zone that matters. */
export function formatResume(at: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.hour}:${parts.minute} ${timeZone}`;
}

/** `in 23 h 59 min`, `in 5 min`, `in 40 s` */
export function formatIn(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `in ${s} s`;
  const min = Math.ceil(s / 60);
  if (min < 60) return `in ${min} min`;
  const h = Math.floor(min / 60);
  return h >= 48 ? `in ${Math.round(h / 24)} days` : `in ${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

function minutes(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** `mon–fri 08:00–18:00 Europe/Berlin` */
export function formatWindow(window: SendWindow): string {
  const days = window.days.length === 7 ? 'every day' : runs(window.days).map(([a, b]) => (a === b ? DAYS[a] : `${DAYS[a]}–${DAYS[b]}`)).join(', ');
  const hours = window.hours.map((h) => `${minutes(h.from)}–${minutes(h.to)}`).join(', ');
  return `${days} ${hours} ${window.timeZone}`;
}

function runs(days: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && last[1] === d - 1) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

const PERIOD_WORD = { second: 'limit per second', minute: 'limit per minute', hour: 'hourly limit', day: 'daily limit' } as const;

/** `the daily limit (10000/day) is reached`, `the sending window (mon–fri 08:00–18:00 Europe/Berlin) is closed` */
export function waitReasonText(reason: WaitReason | undefined, limits: readonly RateLimit[], window?: SendWindow): string {
  if (reason === 'window') return window ? `the sending window (${formatWindow(window)}) is closed` : 'the sending window is closed';
  if (!reason) return 'a limit says wait';
  const limit = limits.find((l) => l.per === reason);
  return `the ${PERIOD_WORD[reason]}${limit ? ` (${formatRate(limit)})` : ''} is reached`;
}

export interface WaitContext {
  /** Sent to this destination so far, earlier runs included. */
  sent: number;
  /** Readers of the plan in all: sent, failed, unknown and still to send. */
  total: number;
  until: number;
  reason?: WaitReason;
  limits: readonly RateLimit[];
  window?: SendWindow;
  /** The zone to show times in: the window's, else this machine's. */
  timeZone: string;
}

/** `6,000 of 16,000 sent; the daily limit (10000/day) is reached; the next slot opens Tue 16 Jun 08:00 Europe/Berlin; run the same command again then: …` */
export function pausedText(context: WaitContext, again: string): string {
  return (
    `Paused: ${n(context.sent)} of ${n(context.total)} sent; ${waitReasonText(context.reason, context.limits, context.window)}; ` +
    `the next slot opens ${formatResume(context.until, context.timeZone)}; run the same command again then (or add --wait to let it wait): ${again}`
  );
}

/** The line `--wait` prints when it starts to sleep. */
export function waitingLine(context: WaitContext, now: number): string {
  return (
    `waiting: ${n(context.sent)} of ${n(context.total)} sent; ${waitReasonText(context.reason, context.limits, context.window)}; ` +
    `resuming ${formatResume(context.until, context.timeZone)} (${formatIn(context.until - now)})`
  );
}

/** The relay's limits and the sending window: a server's business, so the outbox ignores them. */
export interface Pace {
  limits: RateLimit[];
  window?: SendWindow;
}

export function paceFor(target: Target, config: Config, options: Record<string, any>): Pace {
  const limits = effectiveLimits(config.send, options.rate as RateLimit[] | undefined);
  const window = config.send?.window;
  if (target.kind === 'smtp') return { limits, ...(window ? { window } : {}) };
  if (limits.length > 0 || window) note('note: the limits and the sending window apply to sends through a server; writing to the outbox ignores them');
  return { limits: [] };
}

/** `limits: 100/day; window: mon–fri 08:00–18:00 Europe/Berlin (closed now; opens Mon 15 Jun 08:00 Europe/Berlin)` */
export function paceLine(pace: Pace, now: number): string | undefined {
  const parts: string[] = [];
  if (pace.limits.length > 0) parts.push(`limits: ${pace.limits.map(formatRate).join(', ')}`);
  if (pace.window) {
    const opens = nextOpening(pace.window, now).opensAt;
    parts.push(`window: ${formatWindow(pace.window)} (${opens <= now ? 'open now' : `closed now; opens ${formatResume(opens, pace.window.timeZone)}`})`);
  }
  return parts.length > 0 ? `  ${parts.join('; ')}` : undefined;
}

/**
 * What a send says while it waits and when it pauses, with the counts of the moment:
 * readers of earlier runs count in "6,000 of 16,000 sent".
 */
export function waitWords(summary: PlanSummary, pace: Pace) {
  const before = summary.skipped.already_sent;
  let last = { sent: 0, total: summary.recipients };
  let announced: number | undefined;
  const context = (until: number, reason: WaitReason | undefined, sent = last.sent): WaitContext => ({
    sent: before + sent,
    total: before + last.total,
    until,
    ...(reason ? { reason } : {}),
    limits: pace.limits,
    ...(pace.window ? { window: pace.window } : {}),
    timeZone: pace.window?.timeZone ?? localTimeZone(),
  });
  return {
    progress(progress: DeliveryProgress): void {
      last = progress;
    },
    /** The line for a wait, once per wait: the other connections waiting for the same slot say nothing. */
    waiting(wait: { until: number; reason?: WaitReason }, now: number): string | undefined {
      if (announced !== undefined && Math.abs(wait.until - announced) < 60_000) return undefined;
      announced = wait.until;
      return waitingLine(context(wait.until, wait.reason), now);
    },
    paused(report: DeliveryReport, again: string): string | undefined {
      return report.pausedUntil === undefined ? undefined : pausedText(context(report.pausedUntil, report.pausedFor, Math.max(report.sent, last.sent)), again);
    },
  };
}

/**
 * A sending window in time: given an instant, is sending allowed, and if not, when does the
 * next opening start? Pure; the zone's daylight saving handled by ./zoned-time.ts.
 */
import type { SendWindow } from '../config/send-limits.js';
import { addDays, instantOf, localTime, weekdayOf, type LocalDate } from './zoned-time.js';

/** One stretch of open time: `[opensAt, closesAt)`, in ms since the epoch. */
export interface Opening {
  opensAt: number;
  closesAt: number;
}

/**
 * The opening that contains `at`, or else the next one to come: `opensAt` is `at` itself
 * when the window is open then. Looks up to eight days ahead, enough for any weekly window.
 *
 * @example nextOpening(mondayToFriday8to18Berlin, Date.parse('2026-03-27T17:30:00Z'))
 *   // → { opensAt: Date.parse('2026-03-30T06:00:00Z'), closesAt: Date.parse('2026-03-30T16:00:00Z') }
 */
export function nextOpening(window: SendWindow, at: number): Opening {
  const now = localTime(at, window.timeZone);
  const today: LocalDate = { year: now.year, month: now.month, day: now.day };
  for (let offset = 0; offset <= 8; offset++) {
    const date = addDays(today, offset);
    if (!window.days.includes(weekdayOf(date))) continue;
    for (const range of window.hours) {
      const opensAt = instantOf(date, range.from, window.timeZone);
      const closesAt = instantOf(date, range.to, window.timeZone);
      if (closesAt <= opensAt || at >= closesAt) continue; // in a daylight-saving gap, or over
      return { opensAt: Math.max(at, opensAt), closesAt };
    }
  }
  throw new Error(`the sending window ${JSON.stringify(window)} has no opening in the next week`);
}

/**
 * Remembers the current opening, so that a send asks `Intl` again only when the window
 * closes, not for every message.
 */
export class WindowTracker {
  private opening: Opening | undefined;

  constructor(readonly window: SendWindow) {}

  /** `at` when the window is open then, else the start of the next opening. */
  earliest(at: number): number {
    const o = this.opening;
    if (o && at >= o.opensAt && at < o.closesAt) return at;
    this.opening = nextOpening(this.window, at);
    return this.opening.opensAt;
  }

  /** When the current opening (the one `earliest` found last) ends. */
  closesAt(at: number): number {
    this.earliest(at);
    return this.opening!.closesAt;
  }
}

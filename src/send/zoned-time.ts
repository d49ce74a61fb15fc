/**
 * Local time in an IANA zone, with nothing but `Intl`: the wall clock of an instant, and the
 * instant of a wall-clock time, daylight saving included (a time that does not exist on the
 * spring-forward day is the first instant after the gap; a time that exists twice on the
 * fall-back day is the earlier one).
 */

/** A calendar date in a zone. */
export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** The wall clock of an instant in a zone. */
export interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock at `ms` in `timeZone`. */
export function localTime(ms: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday],
  };
}

/** How far the zone's wall clock is ahead of UTC at `ms` (whole seconds), in ms. */
export function offsetAt(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The date `days` after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday, for a calendar date (the same in every zone). */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * The first instant at which the wall clock in `timeZone` reads `minute` minutes after
 * midnight of `date` or later (1440 = the next midnight).
 *
 * @example instantOf({year: 2026, month: 3, day: 30}, 8 * 60, 'Europe/Berlin') // → Date.parse('2026-03-30T06:00:00Z')
 */
export function instantOf(date: LocalDate, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * 60_000;
  // the instants this wall time would be under the offsets around it
  const candidates = new Set<number>();
  for (const hours of [-14, -7, 0, 7, 14]) candidates.add(wall - offsetAt(wall + hours * 3_600_000, timeZone));
  const valid = [...candidates].filter((t) => t + offsetAt(t, timeZone) === wall).sort((a, b) => a - b);
  if (valid.length > 0) return valid[0];
  // in a gap (the clock jumped over this time): the instant of the jump
  let [lo, hi] = [Math.min(...candidates), Math.max(...candidates)];
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid + offsetAt(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

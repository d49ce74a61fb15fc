/**
 * A relay's limits and a sending window, as a config file or a flag writes them: `30/min`,
 * `10000/day`, `{days: mon-fri, hours: "08:00-18:00", time_zone: Europe/Berlin}`. Parsing
 * only; what they mean for the next message's time is ../send/pace.ts and ../send/window.ts.
 */

export const RATE_PERIODS = ['second', 'minute', 'hour', 'day'] as const;
export type RatePeriod = (typeof RATE_PERIODS)[number];

/** Length of each period in ms. */
export const PERIOD_MS: Readonly<Record<RatePeriod, number>> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** At most `count` messages per `per`: a sliding period, except per second, which spaces messages evenly. */
export interface RateLimit {
  count: number;
  per: RatePeriod;
}

/** `send.limits` in the config file. */
export interface LimitSettings {
  per_second?: number;
  per_minute?: number;
  per_hour?: number;
  per_day?: number;
}

const UNITS: Record<string, RatePeriod> = {
  s: 'second', sec: 'second', second: 'second', seconds: 'second',
  min: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
};

/**
 * `--rate` as written: `30/min`, `10000/day`, `5/s`, or a bare number (per second, as
 * always). Whole numbers per minute, hour and day. Returns an error text when unusable.
 *
 * @example parseRate('30/min') // → { value: { count: 30, per: 'minute' } }
 */
export function parseRate(text: string): { value?: RateLimit; error?: string } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(text);
  const expected = 'expected a number per second, or a count per period such as 30/min, 500/hour or 10000/day';
  if (!match) return { error: `${expected}, got "${text}"` };
  const count = Number(match[1]);
  const per = match[2] ? UNITS[match[2].toLowerCase()] : 'second';
  if (!per) return { error: `unknown period "${match[2]}": use s, min, hour or day (e.g. 30/min)` };
  if (!(count > 0)) return { error: `the count must be above 0, got "${text}"` };
  if (per !== 'second' && !Number.isInteger(count)) return { error: `a count per ${per} must be a whole number, got "${text}"` };
  return { value: { count, per } };
}

/** `30/min`: how the CLI shows a limit. */
export function formatRate(limit: RateLimit): string {
  const unit = { second: 's', minute: 'min', hour: 'hour', day: 'day' }[limit.per];
  return `${limit.count}/${unit}`;
}

/**
 * The limits a send keeps, one per period: the config's `send.limits` (with `rate` as per
 * second and `rate_per_hour` as per hour; the stricter of two for one period), then each
 * flag replacing the config's limit of its period (several flags for one period: the
 * strictest).
 */
export function effectiveLimits(
  send: { rate?: number; rate_per_hour?: number; limits?: LimitSettings } | undefined,
  flags: readonly RateLimit[] = [],
): RateLimit[] {
  const byPeriod = new Map<RatePeriod, number>();
  const stricter = (into: Map<RatePeriod, number>, per: RatePeriod, count: number | undefined) => {
    if (count === undefined) return;
    const had = into.get(per);
    into.set(per, had === undefined ? count : Math.min(had, count));
  };
  stricter(byPeriod, 'second', send?.rate);
  stricter(byPeriod, 'hour', send?.rate_per_hour === undefined ? undefined : Math.max(1, Math.floor(send.rate_per_hour)));
  for (const per of RATE_PERIODS) stricter(byPeriod, per, send?.limits?.[`per_${per}`]);
  const fromFlags = new Map<RatePeriod, number>();
  for (const flag of flags) stricter(fromFlags, flag.per, flag.count);
  for (const [per, count] of fromFlags) byPeriod.set(per, count);
  return RATE_PERIODS.filter((per) => byPeriod.has(per)).map((per) => ({ count: byPeriod.get(per)!, per }));
}

/** `send.window` as written in the config file. */
export interface WindowSettings {
  days?: string | string[];
  hours?: string | string[];
  time_zone?: string;
}

/** When sending may happen: on these weekdays, in these local hours, in this IANA time zone. */
export interface SendWindow {
  /** 0 = Sunday … 6 = Saturday, ascending. */
  days: number[];
  /** Minutes since local midnight, `from` < `to` ≤ 1440, sorted and merged. */
  hours: { from: number; to: number }[];
  /** An IANA zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** `mon`, `Monday`, `tues` → 1, 1, 2; 0 = Sunday. */
function dayNumber(word: string | undefined): number | undefined {
  const w = (word ?? '').toLowerCase();
  const index = w.length >= 3 ? DAY_NAMES.findIndex((d) => d.startsWith(w)) : -1;
  return index < 0 ? undefined : index;
}

/** `mon-fri`, `mon,wed,fri`, `sat-sun`, `fri-mon` (wraps), or a list of those. */
export function parseDays(value: string | string[]): { value?: number[]; error?: string } {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(/[\s,]+/)).filter(Boolean);
  if (parts.length === 0) return { error: 'no days given: name days such as mon-fri or mon,wed,fri' };
  const days = new Set<number>();
  for (const part of parts) {
    const [a, b, extra] = part.split('-');
    const from = dayNumber(a);
    const to = b === undefined ? from : dayNumber(b);
    if (from === undefined || to === undefined || extra !== undefined) {
      return { error: `"${part}" is not a day or a range of days: use mon, tue, wed, thu, fri, sat, sun, e.g. mon-fri` };
    }
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return { value: [...days].sort((x, y) => x - y) };
}

function minuteOf(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [h, m] = [Number(match[1]), Number(match[2])];
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return h * 60 + m;
}

/** `08:00-18:00`, `08:00-12:00, 13:00-17:00`, or a list of ranges; `24:00` ends a day. */
export function parseHours(value: string | string[]): { value?: { from: number; to: number }[]; error?: string; hint?: string } {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return { error: 'no hours given: give local hours such as "08:00-18:00"' };
  const ranges: { from: number; to: number }[] = [];
  for (const part of parts) {
    const [a, b, extra] = part.split('-');
    const from = minuteOf(a ?? '');
    const to = minuteOf(b ?? '');
    if (from === undefined || to === undefined || extra !== undefined || from === 1440) {
      return { error: `"${part}" is not a range of hours: write it as HH:MM-HH:MM, e.g. "08:00-18:00"` };
    }
    if (to <= from) {
      return {
        error: `"${part}" ends before it starts`,
        hint: 'a window across midnight is two ranges, e.g. "22:00-24:00, 00:00-06:00"',
      };
    }
    ranges.push({ from, to });
  }
  ranges.sort((x, y) => x.from - y.from);
  const merged: { from: number; to: number }[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push({ ...r });
  }
  return { value: merged };
}

/** True when `zone` is an IANA time zone this Node knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

/** The zone of this machine, the default of `time_zone`. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** Problems of a `send.window`, each with the field it is about. */
export interface WindowProblem {
  field: 'days' | 'hours' | 'time_zone';
  message: string;
  hint?: string;
}

/** The window as written → a `SendWindow`; every day and all day where a field is left out. */
export function parseWindow(settings: WindowSettings): { value?: SendWindow; problems: WindowProblem[] } {
  const problems: WindowProblem[] = [];
  const days = settings.days === undefined ? { value: [0, 1, 2, 3, 4, 5, 6] } : parseDays(settings.days);
  if (days.error) problems.push({ field: 'days', message: `"days": ${days.error}` });
  const hours: { value?: { from: number; to: number }[]; error?: string; hint?: string } =
    settings.hours === undefined ? { value: [{ from: 0, to: 1440 }] } : parseHours(settings.hours);
  if (hours.error) problems.push({ field: 'hours', message: `"hours": ${hours.error}`, ...(hours.hint ? { hint: hours.hint } : {}) });
  const timeZone = settings.time_zone ?? localTimeZone();
  if (!isTimeZone(timeZone)) {
    problems.push({ field: 'time_zone', message: `"time_zone" must be an IANA time zone, found ${JSON.stringify(timeZone)}`, hint: 'e.g. Europe/Berlin, America/New_York or UTC' });
  }
  if (problems.length > 0 || !days.value || !hours.value) return { problems };
  return { value: { days: days.value, hours: hours.value, timeZone }, problems };
}

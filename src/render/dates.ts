import type { DateRange, IsoDate } from '../issue/types.js';

/** How a language writes dates: patterns with `{DD}`, `{D}`, `{MM}`, `{M}`, `{MMM}`, `{MMMM}`, `{YYYY}`. */
export interface DateFormats {
  months: string[];
  months_short: string[];
  /** A single day: `{DD}.{MM}.{YYYY}` → 05.11.2020. */
  day: string;
  /** The month: `{MMMM} {YYYY}` → Dezember 2020. */
  month_year: string;
  /** Ranges use `{from.X}` and `{to.X}`: `{from.DD}.{from.MM}.–{to.DD}.{to.MM}.{to.YYYY}`. */
  range_same_month: string;
  range_same_year: string;
  range: string;
}

interface Parts {
  year: number;
  month: number;
  day: number;
}

function parts(date: IsoDate): Parts {
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day };
}

function tokens(p: Parts, formats: DateFormats): Record<string, string> {
  return {
    D: String(p.day),
    DD: String(p.day).padStart(2, '0'),
    M: String(p.month),
    MM: String(p.month).padStart(2, '0'),
    MMM: formats.months_short[p.month - 1] ?? String(p.month),
    MMMM: formats.months[p.month - 1] ?? String(p.month),
    YYYY: String(p.year),
  };
}

function fill(pattern: string, values: Record<string, Record<string, string>>): string {
  return pattern.replace(/\{(?:(from|to)\.)?(D|DD|M|MM|MMM|MMMM|YYYY)\}/g, (whole, which: string | undefined, token: string) => {
    return values[which ?? 'date']?.[token] ?? whole;
  });
}

/** `formatDay('2020-11-05', de)` → `05.11.2020`. */
export function formatDay(date: IsoDate, formats: DateFormats): string {
  return fill(formats.day, { date: tokens(parts(date), formats) });
}

/** `formatMonthYear('2020-12-01', de)` → `Dezember 2020`. */
export function formatMonthYear(date: IsoDate, formats: DateFormats): string {
  return fill(formats.month_year, { date: tokens(parts(date), formats) });
}

/** A day or a range, shortest unambiguous form: `26.10.–05.11.2020`, `05.–07.11.2020`. */
export function formatWhen(when: IsoDate | DateRange, formats: DateFormats): string {
  if (typeof when === 'string') return formatDay(when, formats);
  if (when.from === when.to) return formatDay(when.from, formats);
  const from = parts(when.from);
  const to = parts(when.to);
  const values = { from: tokens(from, formats), to: tokens(to, formats) };
  if (from.year !== to.year) return fill(formats.range, values);
  if (from.month !== to.month) return fill(formats.range_same_year, values);
  return fill(formats.range_same_month, values);
}

/** Calendar checks for `YYYY-MM-DD` strings that match the pattern but may not exist. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days in a month of a year (month 1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Why `2021-02-31` cannot be a day, or undefined when it can.
 * @example describeImpossibleDate('2021-02-31') // 'February 2021 has 28 days'
 */
export function describeImpossibleDate(value: string): string | undefined {
  const [year, month, day] = value.split('-').map(Number);
  if (month < 1 || month > 12) return `there is no month ${String(month).padStart(2, '0')}`;
  if (day < 1) return 'there is no day 00';
  const days = daysInMonth(year, month);
  if (day > days) return `${MONTHS[month - 1]} ${year} has ${days} days`;
  return undefined;
}

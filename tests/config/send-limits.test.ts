import { effectiveLimits, formatRate, parseDays, parseHours, parseRate, parseWindow } from '../../src/config/send-limits.js';

describe('parseRate: --rate as relays state limits', () => {
  test.each([
    ['12', { count: 12, per: 'second' }],
    ['0.5', { count: 0.5, per: 'second' }],
    ['5/s', { count: 5, per: 'second' }],
    ['30/min', { count: 30, per: 'minute' }],
    ['30 / minute', { count: 30, per: 'minute' }],
    ['500/hour', { count: 500, per: 'hour' }],
    ['500/h', { count: 500, per: 'hour' }],
    ['10000/day', { count: 10000, per: 'day' }],
    ['10000/D', { count: 10000, per: 'day' }],
  ])('%s', (text, value) => {
    expect(parseRate(text)).toEqual({ value });
  });

  test.each([
    ['fast', 'expected a number per second, or a count per period such as 30/min, 500/hour or 10000/day, got "fast"'],
    ['0', 'the count must be above 0, got "0"'],
    ['30/week', 'unknown period "week": use s, min, hour or day (e.g. 30/min)'],
    ['2.5/min', 'a count per minute must be a whole number, got "2.5/min"'],
    ['-3/day', 'expected a number per second, or a count per period such as 30/min, 500/hour or 10000/day, got "-3/day"'],
  ])('%s is refused', (text, error) => {
    expect(parseRate(text)).toEqual({ error });
  });

  test('formatRate writes what parseRate reads', () => {
    for (const text of ['5/s', '30/min', '500/hour', '10000/day']) expect(formatRate(parseRate(text).value!)).toBe(text);
  });
});

describe('effectiveLimits: config, then flags per period', () => {
  test('rate is per second and rate_per_hour per hour, beside send.limits; the stricter of two wins', () => {
    expect(effectiveLimits({ rate: 10, rate_per_hour: 900, limits: { per_hour: 1000, per_day: 10000, per_minute: 30 } })).toEqual([
      { count: 10, per: 'second' },
      { count: 30, per: 'minute' },
      { count: 900, per: 'hour' },
      { count: 10000, per: 'day' },
    ]);
  });

  test("a flag replaces the config's limit of its period and keeps the others", () => {
    const flags = [parseRate('100/day').value!, parseRate('60/min').value!, parseRate('50/min').value!];
    expect(effectiveLimits({ limits: { per_minute: 30, per_day: 10000 } }, flags)).toEqual([
      { count: 50, per: 'minute' },
      { count: 100, per: 'day' },
    ]);
  });

  test('nothing set: no limits', () => {
    expect(effectiveLimits(undefined)).toEqual([]);
  });
});

describe('the sending window as written', () => {
  test.each([
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['Monday-Friday', [1, 2, 3, 4, 5]],
    ['sat,sun', [0, 6]],
    ['fri-mon', [0, 1, 5, 6]],
    [['mon', 'wed-thu'], [1, 3, 4]],
  ] as const)('days %j', (text, days) => {
    expect(parseDays(text as string | string[])).toEqual({ value: days });
  });

  test('days that are none', () => {
    expect(parseDays('mon-fry')).toEqual({ error: '"mon-fry" is not a day or a range of days: use mon, tue, wed, thu, fri, sat, sun, e.g. mon-fri' });
  });

  test('hours: ranges sorted and merged, 24:00 ends the day', () => {
    expect(parseHours('13:00-17:00, 08:00-12:00, 11:30-13:30')).toEqual({ value: [{ from: 480, to: 1020 }] });
    expect(parseHours(['22:00-24:00', '00:00-06:00'])).toEqual({ value: [{ from: 0, to: 360 }, { from: 1320, to: 1440 }] });
  });

  test('hours across midnight are two ranges', () => {
    expect(parseHours('22:00-06:00')).toEqual({ error: '"22:00-06:00" ends before it starts', hint: 'a window across midnight is two ranges, e.g. "22:00-24:00, 00:00-06:00"' });
    expect(parseHours('8-18').error).toBe('"8-18" is not a range of hours: write it as HH:MM-HH:MM, e.g. "08:00-18:00"');
    expect(parseHours('08:00-25:00').error).toMatch(/is not a range of hours/);
  });

  test('a whole window; left-out fields mean every day and all day', () => {
    expect(parseWindow({ days: 'mon-fri', hours: '08:00-18:00', time_zone: 'Europe/Berlin' })).toEqual({
      value: { days: [1, 2, 3, 4, 5], hours: [{ from: 480, to: 1080 }], timeZone: 'Europe/Berlin' },
      problems: [],
    });
    expect(parseWindow({ time_zone: 'UTC' }).value).toEqual({ days: [0, 1, 2, 3, 4, 5, 6], hours: [{ from: 0, to: 1440 }], timeZone: 'UTC' });
  });
});

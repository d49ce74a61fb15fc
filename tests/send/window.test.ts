import type { SendWindow } from '../../src/config/send-limits.js';
import { nextOpening, WindowTracker } from '../../src/send/window.js';
import { instantOf, localTime, offsetAt } from '../../src/send/zoned-time.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const officeBerlin: SendWindow = { days: [1, 2, 3, 4, 5], hours: [{ from: 8 * 60, to: 18 * 60 }], timeZone: 'Europe/Berlin' };

describe('zoned time with Intl', () => {
  test('the wall clock of an instant, summer and winter', () => {
    expect(localTime(at('2026-07-01T06:00:00Z'), 'Europe/Berlin')).toEqual({ year: 2026, month: 7, day: 1, hour: 8, minute: 0, second: 0, weekday: 3 });
    expect(localTime(at('2026-01-01T07:00:00Z'), 'Europe/Berlin')).toMatchObject({ hour: 8, weekday: 4 });
    expect(offsetAt(at('2026-07-01T06:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(offsetAt(at('2026-01-01T06:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });

  test('the instant of a wall-clock time on both sides of the spring change', () => {
    expect(iso(instantOf({ year: 2026, month: 3, day: 28 }, 8 * 60, 'Europe/Berlin'))).toBe('2026-03-28T07:00:00Z');
    expect(iso(instantOf({ year: 2026, month: 3, day: 30 }, 8 * 60, 'Europe/Berlin'))).toBe('2026-03-30T06:00:00Z');
  });

  test('a time the clock skips (02:30 on 29 March) is the moment the clock jumps', () => {
    expect(iso(instantOf({ year: 2026, month: 3, day: 29 }, 2 * 60 + 30, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00Z');
    expect(iso(instantOf({ year: 2026, month: 3, day: 8 }, 2 * 60 + 30, 'America/New_York'))).toBe('2026-03-08T07:00:00Z');
  });

  test('a time the clock shows twice (02:30 on 25 October) is the earlier one', () => {
    expect(iso(instantOf({ year: 2026, month: 10, day: 25 }, 2 * 60 + 30, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00Z');
    expect(iso(instantOf({ year: 2026, month: 10, day: 25 }, 3 * 60 + 30, 'Europe/Berlin'))).toBe('2026-10-25T02:30:00Z');
  });

  test('24:00 is the next midnight', () => {
    expect(iso(instantOf({ year: 2026, month: 12, day: 31 }, 1440, 'UTC'))).toBe('2027-01-01T00:00:00Z');
  });
});

describe('nextOpening: Mon–Fri 08:00–18:00 Europe/Berlin', () => {
  test.each([
    ['inside: open now, until 18:00', '2026-03-25T10:00:00Z', '2026-03-25T10:00:00Z', '2026-03-25T17:00:00Z'],
    ['before 08:00: today at 08:00', '2026-03-25T05:59:00Z', '2026-03-25T07:00:00Z', '2026-03-25T17:00:00Z'],
    ['at 18:00 exactly: closed, the next morning', '2026-03-25T17:00:00Z', '2026-03-26T07:00:00Z', '2026-03-26T17:00:00Z'],
    ['Friday evening before the spring change: Monday 08:00 summer time', '2026-03-27T17:30:00Z', '2026-03-30T06:00:00Z', '2026-03-30T16:00:00Z'],
    ['Sunday of the spring change itself', '2026-03-29T10:00:00Z', '2026-03-30T06:00:00Z', '2026-03-30T16:00:00Z'],
    ['Friday evening before the autumn change: Monday 08:00 winter time', '2026-10-23T16:30:00Z', '2026-10-26T07:00:00Z', '2026-10-26T17:00:00Z'],
    ['Saturday, a plain weekend', '2026-06-13T12:00:00Z', '2026-06-15T06:00:00Z', '2026-06-15T16:00:00Z'],
    ['New Year on a Friday evening: Monday', '2027-01-01T18:00:00Z', '2027-01-04T07:00:00Z', '2027-01-04T17:00:00Z'],
  ])('%s', (_what, now, opens, closes) => {
    expect(nextOpening(officeBerlin, at(now))).toEqual({ opensAt: at(opens), closesAt: at(closes) });
  });

  test('a night window over the spring change is an hour shorter, over the autumn change an hour longer', () => {
    const nights: SendWindow = { days: [0, 1, 2, 3, 4, 5, 6], hours: [{ from: 60, to: 4 * 60 }], timeZone: 'Europe/Berlin' };
    const spring = nextOpening(nights, at('2026-03-28T12:00:00Z'));
    expect([iso(spring.opensAt), iso(spring.closesAt)]).toEqual(['2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z']);
    const autumn = nextOpening(nights, at('2026-10-24T12:00:00Z'));
    expect([iso(autumn.opensAt), iso(autumn.closesAt)]).toEqual(['2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z']);
  });

  test('a window wholly inside the skipped hour has no opening that day', () => {
    const skipped: SendWindow = { days: [0], hours: [{ from: 2 * 60 + 10, to: 2 * 60 + 50 }], timeZone: 'Europe/Berlin' };
    expect(iso(nextOpening(skipped, at('2026-03-28T12:00:00Z')).opensAt)).toBe('2026-04-05T00:10:00Z');
  });

  test('the tracker answers from the opening it knows and moves on when it closes', () => {
    const tracker = new WindowTracker(officeBerlin);
    expect(tracker.earliest(at('2026-03-27T16:59:59Z'))).toBe(at('2026-03-27T16:59:59Z'));
    expect(tracker.closesAt(at('2026-03-27T16:59:59Z'))).toBe(at('2026-03-27T17:00:00Z'));
    expect(tracker.earliest(at('2026-03-27T17:00:00Z'))).toBe(at('2026-03-30T06:00:00Z'));
  });
});

import type { SendWindow } from '../../src/config/send-limits.js';
import { Pacer, sleepUntil, type Clock } from '../../src/send/pace.js';
import { localTime } from '../../src/send/zoned-time.js';

/** A clock the test drives: `set` moves it anywhere, `sleep` moves it forward by what was asked. */
function drivenClock(start: number): Clock & { set(ms: number): void; slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    set: (ms) => (now = ms),
    now: () => now,
    random: () => 0.5,
    async sleep(ms) {
      slept.push(ms);
      now += Math.max(0, ms);
    },
  };
}

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;
const officeBerlin: SendWindow = { days: [1, 2, 3, 4, 5], hours: [{ from: 8 * 60, to: 18 * 60 }], timeZone: 'Europe/Berlin' };

/** Takes `n` slots as a sender would, moving the clock to each; the local day and time of each. */
function sendAll(pacer: Pacer, clock: ReturnType<typeof drivenClock>, n: number): { day: string; time: string; reason?: string }[] {
  const out: { day: string; time: string; reason?: string }[] = [];
  for (let i = 0; i < n; i++) {
    const slot = pacer.reserveSlot();
    clock.set(slot.at);
    const t = localTime(slot.at, 'Europe/Berlin');
    const pad = (x: number) => String(x).padStart(2, '0');
    out.push({ day: `${t.year}-${pad(t.month)}-${pad(t.day)}`, time: `${pad(t.hour)}:${pad(t.minute)}`, ...(slot.reason ? { reason: slot.reason } : {}) });
  }
  return out;
}

/** Slots per local day, e.g. { '2026-03-27': 100, '2026-03-30': 100 }. */
function perDay(slots: { day: string }[]): Record<string, number> {
  const days: Record<string, number> = {};
  for (const s of slots) days[s.day] = (days[s.day] ?? 0) + 1;
  return days;
}

describe('Pacer with limits per minute, hour and day', () => {
  test('30 a minute: thirty now, the next a minute after the first', () => {
    const clock = drivenClock(0);
    const pacer = new Pacer({ limits: [{ count: 30, per: 'minute' }], clock });
    const slots = Array.from({ length: 31 }, () => pacer.reserveSlot());
    expect(slots.slice(0, 30).every((s) => s.at === 0 && s.reason === undefined)).toBe(true);
    expect(slots[30]).toEqual({ at: MINUTE, reason: 'minute' });
  });

  test('several limits: the one that holds longest names the wait', () => {
    const clock = drivenClock(0);
    const pacer = new Pacer({ limits: [{ count: 2, per: 'second' }, { count: 3, per: 'minute' }, { count: 4, per: 'day' }], clock });
    const slots = Array.from({ length: 5 }, () => pacer.reserveSlot());
    expect(slots).toEqual([{ at: 0 }, { at: 500, reason: 'second' }, { at: 1000, reason: 'second' }, { at: MINUTE, reason: 'minute' }, { at: 86_400_000, reason: 'day' }]);
  });

  test("an earlier run's hand-overs count: 100 a day already sent means tomorrow", () => {
    const now = at('2026-06-10T12:00:00Z');
    const history = Array.from({ length: 100 }, (_, i) => now - 4 * 3_600_000 + i * 1000);
    const pacer = new Pacer({ limits: [{ count: 100, per: 'day' }], clock: drivenClock(now), history });
    expect(pacer.reserveSlot()).toEqual({ at: history[0] + 86_400_000, reason: 'day' });
  });

  test('a 421 halves the limits per minute and hour, not a daily quota', () => {
    const clock = drivenClock(0);
    const pacer = new Pacer({ limits: [{ count: 4, per: 'minute' }, { count: 6, per: 'day' }], clock });
    pacer.slowDown(10 * MINUTE);
    const slots = Array.from({ length: 7 }, () => pacer.reserve());
    expect(slots).toEqual([0, 0, MINUTE, MINUTE, 2 * MINUTE, 2 * MINUTE, 86_400_000]);
  });

  test('the rate per hour of the config keeps its meaning beside the new limits', () => {
    const clock = drivenClock(0);
    const pacer = new Pacer({ ratePerHour: 2, limits: [{ count: 5, per: 'hour' }], clock });
    expect([pacer.reserve(), pacer.reserve(), pacer.reserve()]).toEqual([0, 0, 3_600_000]);
  });

  test('slots never go back in time when the wall clock does', () => {
    const clock = drivenClock(10_000);
    const pacer = new Pacer({ limits: [{ count: 1, per: 'second' }], clock });
    expect(pacer.reserve()).toBe(10_000);
    clock.set(0);
    expect(pacer.reserve()).toBe(11_000);
  });
});

describe('Pacer with 100 a day in a Mon–Fri 08:00–18:00 Berlin window, 250 readers', () => {
  test('Monday, Tuesday, Wednesday: 100, 100, 50, each day from 08:00', () => {
    const clock = drivenClock(at('2026-06-15T05:00:00Z')); // Monday 07:00 in Berlin
    const pacer = new Pacer({ limits: [{ count: 100, per: 'day' }], window: officeBerlin, clock });
    const slots = sendAll(pacer, clock, 250);
    expect(perDay(slots)).toEqual({ '2026-06-15': 100, '2026-06-16': 100, '2026-06-17': 50 });
    expect([slots[0], slots[100], slots[200]]).toEqual([
      { day: '2026-06-15', time: '08:00', reason: 'window' },
      { day: '2026-06-16', time: '08:00', reason: 'day' },
      { day: '2026-06-17', time: '08:00', reason: 'day' },
    ]);
  });

  test('over a weekend and the spring change: Friday, then Monday 08:00 summer time', () => {
    const clock = drivenClock(at('2026-03-26T07:00:00Z')); // Thursday 08:00 CET
    const pacer = new Pacer({ limits: [{ count: 100, per: 'day' }], window: officeBerlin, clock });
    const slots = sendAll(pacer, clock, 250);
    expect(perDay(slots)).toEqual({ '2026-03-26': 100, '2026-03-27': 100, '2026-03-30': 50 });
    expect(slots[200]).toEqual({ day: '2026-03-30', time: '08:00', reason: 'window' });
    expect(new Date(clock.now()).toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  test('over a weekend and the autumn change: Monday 08:00 winter time', () => {
    const clock = drivenClock(at('2026-10-22T06:00:00Z')); // Thursday 08:00 CEST
    const pacer = new Pacer({ limits: [{ count: 100, per: 'day' }], window: officeBerlin, clock });
    const slots = sendAll(pacer, clock, 250);
    expect(perDay(slots)).toEqual({ '2026-10-22': 100, '2026-10-23': 100, '2026-10-26': 50 });
    expect(new Date(clock.now()).toISOString()).toBe('2026-10-26T07:00:00.000Z');
  });

  test('a send started at 17:59 sends until 18:00 and not after', () => {
    const clock = drivenClock(at('2026-06-15T15:59:00Z'));
    const pacer = new Pacer({ limits: [{ count: 1, per: 'second' }], window: officeBerlin, clock });
    const slots = sendAll(pacer, clock, 62);
    expect(slots[59]).toEqual({ day: '2026-06-15', time: '17:59', reason: 'second' });
    expect(slots[60]).toEqual({ day: '2026-06-16', time: '08:00', reason: 'window' });
    expect(pacer.windowClosesAt()).toBe(at('2026-06-16T16:00:00Z'));
  });
});

describe('sleepUntil', () => {
  test('sleeps in steps and reads the clock after each', async () => {
    const clock = drivenClock(0);
    expect(await sleepUntil(95_000, clock, undefined, 30_000)).toBe(true);
    expect(clock.slept).toEqual([30_000, 30_000, 30_000, 5_000]);
  });

  test('a clock that jumps forward (a machine waking up) ends the wait at the next look', async () => {
    const clock = drivenClock(0);
    const realSleep = clock.sleep;
    clock.sleep = async (ms) => {
      await realSleep(ms);
      if (clock.slept.length === 1) clock.set(10 * 3_600_000); // suspended for hours
    };
    await sleepUntil(2 * 3_600_000, clock, undefined, 60_000);
    expect(clock.slept).toEqual([60_000]);
  });

  test('an abort ends the wait early', async () => {
    const clock = drivenClock(0);
    const abort = new AbortController();
    abort.abort();
    expect(await sleepUntil(60_000, clock, abort.signal)).toBe(false);
  });
});

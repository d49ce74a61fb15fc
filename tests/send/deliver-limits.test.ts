import type { SendWindow } from '../../src/config/send-limits.js';
import { deliverIssue } from '../../src/send/deliver.js';
import type { Clock } from '../../src/send/pace.js';
import { createRecordingTransport } from '../../src/send/transport-recording.js';
import { composer, newMessageId, planFor, readers, tempState } from '../helpers/deliver-fixtures.js';

/** Time the test sets; a sleep moves it on at once. */
function drivenClock(start: number): Clock & { set(ms: number): void } {
  let now = start;
  return {
    set: (ms) => (now = ms),
    now: () => now,
    random: () => 0.5,
    async sleep(ms) {
      now += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const at = (iso: string) => Date.parse(iso);
const office: SendWindow = { days: [1, 2, 3, 4, 5], hours: [{ from: 480, to: 1080 }], timeZone: 'Europe/Berlin' };
const limits = [{ count: 100, per: 'day' as const }];

describe('deliverIssue with 100 a day in a Mon–Fri 08–18 Berlin window, 250 readers', () => {
  test('stops at 100, says when the next slot opens, sends nothing more that day, is done on the third day', async () => {
    const state = tempState();
    const clock = drivenClock(at('2026-06-15T05:00:00Z')); // Monday 07:00 in Berlin: the window opens within the hour
    const transport = createRecordingTransport({ destination: 'smtp://relay.example.org:587' });
    const emails = readers(250);
    const deliver = async () => deliverIssue(await planFor(state.journal, transport.destination, emails), { transport, journal: state.journal, compose: composer(), newMessageId, concurrency: 4, limits, window: office, clock });

    const monday = await deliver();
    expect(monday).toMatchObject({ sent: 100, pending: 150, stoppedBecause: 'paused', pausedUntil: at('2026-06-16T06:00:00Z'), pausedFor: 'day' });
    clock.set(at('2026-06-15T14:00:00Z'));
    expect(await deliver()).toMatchObject({ sent: 0, stoppedBecause: 'paused', pausedUntil: at('2026-06-16T06:00:00Z') });
    clock.set(at('2026-06-16T06:00:00Z'));
    expect(await deliver()).toMatchObject({ sent: 100, pending: 50, stoppedBecause: 'paused', pausedUntil: at('2026-06-17T06:00:00Z') });
    clock.set(at('2026-06-17T06:30:00Z'));
    const wednesday = await deliver();
    expect(wednesday).toMatchObject({ sent: 50, pending: 0, failed: 0, unknown: 0 });
    expect(wednesday.stoppedBecause).toBeUndefined();

    const handedOver = transport.attempts.map((m) => m.envelope.to);
    expect(handedOver).toHaveLength(250);
    expect(new Set(handedOver).size).toBe(250);
    const times = await state.journal.recentHandOvers(transport.destination, 0);
    await state.close();
    const perDay = (day: string) => times.filter((t) => new Date(t).toISOString().startsWith(day)).length;
    expect([perDay('2026-06-15'), perDay('2026-06-16'), perDay('2026-06-17')]).toEqual([100, 100, 50]);
    expect(Math.min(...times)).toBe(at('2026-06-15T06:00:00Z'));
  });

  test('with --wait it sleeps through both nights and finishes in one run, saying when it resumes', async () => {
    const state = tempState();
    const clock = drivenClock(at('2026-06-15T06:00:00Z'));
    const transport = createRecordingTransport({ destination: 'smtp://relay.example.org:587' });
    const waits: { until: number; reason?: string }[] = [];
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(250)), {
      transport,
      journal: state.journal,
      compose: composer(),
      newMessageId,
      concurrency: 4,
      limits,
      window: office,
      clock,
      waitForSlots: true,
      onWait: (wait) => waits.push(wait),
    });
    await state.close();
    expect(report).toMatchObject({ sent: 250, pending: 0 });
    expect(report.stoppedBecause).toBeUndefined();
    expect(new Set(waits.map((w) => `${new Date(w.until).toISOString()} ${w.reason}`))).toEqual(new Set(['2026-06-16T06:00:00.000Z day', '2026-06-17T06:00:00.000Z day']));
    expect(new Set(transport.attempts.map((m) => m.envelope.to)).size).toBe(250);
  });

  test('a Friday evening pauses until Monday 08:00 summer time, over the spring change', async () => {
    const state = tempState();
    const clock = drivenClock(at('2026-03-27T16:59:58Z')); // Friday 17:59:58 CET
    const transport = createRecordingTransport({ destination: 'smtp://relay.example.org:587' });
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(10)), {
      transport,
      journal: state.journal,
      compose: composer(),
      newMessageId,
      concurrency: 1,
      limits: [{ count: 1, per: 'second' }],
      window: office,
      clock,
    });
    await state.close();
    expect(report).toMatchObject({ sent: 2, pending: 8, stoppedBecause: 'paused', pausedUntil: at('2026-03-30T06:00:00Z'), pausedFor: 'window' });
  });
});

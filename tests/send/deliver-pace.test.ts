import { deliverIssue } from '../../src/send/deliver.js';
import { DEFAULT_RETRY, Pacer, retryDelay, type Clock } from '../../src/send/pace.js';
import { createRecordingTransport, replyFailure } from '../../src/send/transport-recording.js';
import { composer, fastRetry, ISSUE, newMessageId, planFor, readers, tempState } from '../helpers/deliver-fixtures.js';

/** Virtual time: sleeping moves the clock forward at once. */
function virtualClock(start = 1_000_000): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    random: () => 0.5,
    async sleep(ms) {
      slept.push(ms);
      now += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('Pacer', () => {
  it('spaces messages by the rate per second', () => {
    const clock = virtualClock(0);
    const pacer = new Pacer({ ratePerSecond: 10, clock });
    expect([pacer.reserve(), pacer.reserve(), pacer.reserve()]).toEqual([0, 100, 200]);
  });

  it('keeps the rate across a resume from the hand-over times of the earlier run', () => {
    const clock = virtualClock(5000);
    const pacer = new Pacer({ ratePerSecond: 4, clock, history: [4800, 4950] });
    expect(pacer.reserve()).toBe(5200);
  });

  it('holds a limit per hour over a sliding hour, counting the earlier run', () => {
    const hour = 3_600_000;
    const now = 10 * hour;
    const clock = virtualClock(now);
    const pacer = new Pacer({ ratePerHour: 3, clock, history: [now - 3000_000, now - 2000_000, now - 1000_000] });
    expect(pacer.reserve()).toBe(now - 3000_000 + hour);
    expect(pacer.reserve()).toBe(now - 2000_000 + hour);
  });

  it('halves the pace while a 421 asked for it', () => {
    const clock = virtualClock(0);
    const pacer = new Pacer({ ratePerSecond: 10, clock });
    pacer.slowDown(1000);
    expect(pacer.isSlowed()).toBe(true);
    expect([pacer.reserve(), pacer.reserve()]).toEqual([0, 200]);
  });

  it('without limits hands out every slot at once', () => {
    const pacer = new Pacer({ clock: virtualClock(7) });
    expect([pacer.reserve(), pacer.reserve()]).toEqual([7, 7]);
  });
});

describe('retryDelay', () => {
  it.each([
    [1, 0.5, 2000],
    [2, 0.5, 4000],
    [4, 0.5, 16000],
    [1, 0, 1500],
    [1, 0.999, 2499],
  ])('after %i failed tries with jitter %d waits %i ms', (attempt, random, delay) => {
    expect(retryDelay(attempt, DEFAULT_RETRY, () => random)).toBe(delay);
  });
});

describe('deliverIssue with a recording transport and virtual time', () => {
  it('keeps the rate within a run and across a resume', async () => {
    const state = tempState();
    const clock = virtualClock();
    const transport = createRecordingTransport({ destination: 'smtp://relay.example.org:587' });
    const emails = readers(6);
    const controller = new AbortController();
    const base = { transport, journal: state.journal, compose: composer(), newMessageId, concurrency: 1, ratePerSecond: 2, clock };
    const first = await deliverIssue(await planFor(state.journal, transport.destination, emails), {
      ...base,
      signal: controller.signal,
      onProgress: (p) => p.sent === 3 && controller.abort(),
    });
    expect(first.sent).toBe(3);
    await deliverIssue(await planFor(state.journal, transport.destination, emails), base);

    const times = (await state.journal.recentHandOvers(transport.destination, 0));
    await state.close();
    expect(times).toHaveLength(6);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.every((gap) => gap >= 500)).toBe(true);
  });

  it('gives up retrying when the time budget is spent and leaves the reader pending', async () => {
    const state = tempState();
    const clock = virtualClock();
    const transport = createRecordingTransport({ answer: () => replyFailure('451 4.3.0 try later') });
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(1)), {
      transport,
      journal: state.journal,
      compose: composer(),
      newMessageId,
      concurrency: 1,
      clock,
      retry: { firstDelayMs: 2000, maxAttempts: 10, maxTotalMs: 10_000 },
    });
    await state.close();
    // tries at 0, 2 s, 6 s; the next would start at 14 s, past the 10 s budget
    expect(transport.attempts).toHaveLength(3);
    expect(clock.slept).toEqual([2000, 4000]);
    expect(report).toMatchObject({ sent: 0, pending: 1 });
  });

  it('never has more messages in flight than its concurrency', async () => {
    const state = tempState();
    const clock = virtualClock();
    const transport = createRecordingTransport({ answer: () => clock.sleep(2).then(() => undefined) });
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(40)), {
      transport,
      journal: state.journal,
      compose: composer(),
      newMessageId,
      concurrency: 3,
      retry: fastRetry,
      clock,
    });
    await state.close();
    expect(report.sent).toBe(40);
    expect(transport.maxInFlight).toBe(3);
  });

  it('after a 421 only half of the connections carry on for a while', async () => {
    const state = tempState();
    // virtual time: the halved workers' naps move it on, so the slow-down is set far longer than the run
    const clock = virtualClock();
    let live = 0;
    let slowedAt: number | undefined;
    const liveAtStartAfter421: number[] = [];
    const transport = createRecordingTransport({
      answer: async (message, attempt) => {
        live++;
        // messages that started after the slow-down had time to reach the workers
        if (slowedAt !== undefined && clock.now() - slowedAt > 30) liveAtStartAfter421.push(live);
        await clock.sleep(3);
        live--;
        if (message.key === 'reader1@example.org' && attempt === 1) {
          slowedAt = clock.now();
          return replyFailure('421 4.7.0 too many messages, slow down', 'MAIL FROM');
        }
        return undefined;
      },
    });
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(60)), {
      transport,
      journal: state.journal,
      compose: composer(),
      newMessageId,
      concurrency: 4,
      retry: fastRetry,
      slowDownMs: 1000 * 3_600_000,
      clock,
    });
    await state.close();
    expect(report.sent).toBe(60);
    expect(liveAtStartAfter421.length).toBeGreaterThan(10);
    expect(Math.max(...liveAtStartAfter421)).toBeLessThanOrEqual(2);
  });

  it('--resend sends everyone again with new Message-IDs, and an interrupted resend resumes with a plain send', async () => {
    const state = tempState();
    const transport = createRecordingTransport();
    const emails = readers(5);
    const base = { transport, journal: state.journal, compose: composer(), newMessageId, concurrency: 1, retry: fastRetry };
    await deliverIssue(await planFor(state.journal, transport.destination, emails), base);
    const firstIds = transport.delivered.map((m) => m.messageId);

    const controller = new AbortController();
    const resend = await deliverIssue(await planFor(state.journal, transport.destination, emails, { mode: 'resend' }), {
      ...base,
      signal: controller.signal,
      onProgress: (p) => p.sent === 2 && controller.abort(),
    });
    expect(resend).toMatchObject({ sent: 2, pending: 3, stoppedBecause: 'interrupted' });
    const rest = await deliverIssue(await planFor(state.journal, transport.destination, emails), base);
    await state.close();
    expect(rest.sent).toBe(3);
    const second = transport.delivered.slice(5);
    expect(second.map((m) => m.key).sort()).toEqual(emails.slice().sort());
    expect(second.some((m) => firstIds.includes(m.messageId))).toBe(false);
  });

  it('stops on a composing error, leaves that reader pending and rethrows', async () => {
    const state = tempState();
    const transport = createRecordingTransport();
    const compose = composer();
    const run = deliverIssue(await planFor(state.journal, transport.destination, readers(3)), {
      transport,
      journal: state.journal,
      compose: (recipient, id) => {
        if (recipient.subscriber.key === 'reader2@example.org') throw new Error('template exploded');
        return compose(recipient, id);
      },
      newMessageId,
      concurrency: 1,
      retry: fastRetry,
    });
    await expect(run).rejects.toThrow('template exploded');
    const job = state.journal.job(ISSUE, transport.destination);
    expect((await job.entry('reader2@example.org'))?.state).toBe('pending');
    expect((await job.lastRun())?.stoppedBecause).toBe('error');
    expect(await state.journal.leaseHolder(ISSUE, transport.destination)).toBeUndefined();
    await state.close();
  });
});

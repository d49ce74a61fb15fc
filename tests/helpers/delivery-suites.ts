/**
 * The send stage against a state backend, written once: the delivery job's start-up,
 * unsubscribes honoured until the last message, a lost lease, two senders at once. Run for
 * SQLite (tests/send/delivery-job.int.test.ts) and PostgreSQL (tests/send/delivery-job-postgres.int.test.ts).
 */
import { deliverIssue } from '../../src/send/deliver.js';
import { LeaseLostError, openDeliveryJob, type DeliveryJob } from '../../src/send/delivery-job.js';
import { planDelivery } from '../../src/send/plan.js';
import { createSmtpTransport } from '../../src/send/transport-smtp.js';
import type { DeliveryPlan, Transport } from '../../src/send/types.js';
import { SendLockedError } from '../../src/state/lease-error.js';
import type { StateStore } from '../../src/state/types.js';
import { composer, fastRetry, ISSUE, listOf, newMessageId, readers } from './deliver-fixtures.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import type { StateFixture } from './state-suites.js';

/** A plan through the real planner, from what a job sees. */
async function planFrom(job: Pick<DeliveryJob, 'view' | 'suppressed'>, destination: string, emails: string[]): Promise<DeliveryPlan> {
  const list = listOf(emails);
  return planDelivery({
    issueId: ISSUE,
    languages: ['de'],
    list,
    suppressed: await job.suppressed(),
    journal: await job.view(),
    defaultLanguage: 'de',
    mode: 'send',
    destination,
    issueHash: 'issue-hash-1',
    listHash: list.contentHash,
  });
}

export function deliveryContract(name: string, fresh: () => Promise<StateFixture>): void {
  let fixture: StateFixture;
  let store: StateStore;
  let sink: SmtpSink;
  let transport: Transport;
  const others: StateStore[] = [];
  const reopen = async () => {
    const other = await fixture.reopen();
    others.push(other);
    return other;
  };
  beforeEach(async () => {
    fixture = await fresh();
    store = fixture.store;
  });
  afterEach(async () => {
    await transport?.close();
    await sink?.close();
    for (const other of others.splice(0)) await other.close();
    await store.close();
  });
  const open = (extra: Partial<Parameters<typeof openDeliveryJob>[0]> = {}) =>
    openDeliveryJob({ state: store, issueId: ISSUE, destination: transport.destination, issueHash: 'issue-hash-1', listHash: 'list-hash-1', mode: 'send', ...extra });
  const deps = { compose: composer(), newMessageId, retry: fastRetry };

  describe(`${name}: one owner of a send's start-up`, () => {
    it('a library caller gets what the CLI gets: recovery and the take-over reported, the interrupted reader held back', async () => {
      sink = await startSmtpSink();
      transport = createSmtpTransport({ url: sink.url, concurrency: 2 });
      // a sender that died: its lease stays (its connection is gone), one row left in *sending*
      const dead = await fixture.reopen();
      const first = await openDeliveryJob({ state: dead, issueId: ISSUE, destination: transport.destination, issueHash: 'issue-hash-1', listHash: 'list-hash-1', mode: 'send', leaseOptions: { owner: 'dead-sender', pid: 4242 } });
      await first.journal.beginRun({ mode: 'send', issueHash: 'issue-hash-1', listHash: 'list-hash-1' }, 3);
      await first.journal.addPending(readers(3).map((email) => ({ key: email, email, lang: 'de' })));
      await first.journal.markSending('reader2@example.org', '<interrupted@news.example.org>', Date.now());
      await dead.close();

      const job = await open({ leaseOptions: { isAlive: (holder) => holder.pid !== 4242 } });
      expect(job.recovered).toEqual(['reader2@example.org']);
      expect(job.tookOverFrom).toMatchObject({ pid: 4242 });
      const plan = await planFrom(job, transport.destination, readers(3));
      expect(plan.heldBack).toMatchObject([{ email: 'reader2@example.org', state: 'unknown', messageId: '<interrupted@news.example.org>' }]);
      const report = await deliverIssue(plan, { ...deps, transport, journal: store.journal, job, concurrency: 2 });
      await job.close();
      expect(report).toMatchObject({ sent: 2, recoveredUnknown: 1, lockTakenOverFrom: { pid: 4242 } });
      expect(sink.copiesTo('reader2@example.org')).toBe(0);
      expect(await store.journal.leaseHolder(ISSUE, transport.destination)).toBeUndefined();
    });

    it('a second sender is refused while the first runs, naming the holder', async () => {
      sink = await startSmtpSink();
      transport = createSmtpTransport({ url: sink.url, concurrency: 1 });
      const job = await open();
      const other = await reopen();
      const refusal = openDeliveryJob({ state: other, issueId: ISSUE, destination: transport.destination, issueHash: 'issue-hash-1', listHash: 'list-hash-1', mode: 'send', leaseOptions: { owner: 'second-sender', isAlive: () => true } });
      await expect(refusal).rejects.toBeInstanceOf(SendLockedError);
      await expect(refusal).rejects.toMatchObject({ holder: { pid: process.pid, owner: job.lease.owner } });
      await job.close();
    });
  });

  describe(`${name}: unsubscribes honoured until the last message`, () => {
    it('readers unsubscribed from another connection while the send runs get nothing afterwards, beyond those in flight', async () => {
      const concurrency = 2;
      sink = await startSmtpSink({ replyDelayMs: 15 });
      transport = createSmtpTransport({ url: sink.url, concurrency });
      const emails = readers(60);
      const job = await open();
      const plan = await planFrom(job, transport.destination, emails);
      const endpoint = await reopen();
      const late = emails.slice(20);
      let recordedAfter = -1;
      const report = await deliverIssue(plan, {
        ...deps,
        transport,
        journal: store.journal,
        job,
        concurrency,
        onProgress: (progress) => {
          // after the 10th accepted message, the endpoint records 40 unsubscribes
          if (progress.sent === 10 && recordedAfter < 0) {
            recordedAfter = sink.messages.length;
            void (async () => {
              for (const email of late) await endpoint.suppression.add({ email, reason: 'one-click', source: 'endpoint' });
            })();
          }
        },
      });
      await job.close();
      // a message whose turn came after its reader's unsubscribe was committed is never handed over;
      // the ones racing the endpoint's writes are in flight at most `concurrency` at a time
      const mailedLate = late.filter((email) => sink.copiesTo(email) > 0);
      expect(report.skipped.unsubscribed).toBe(late.length - mailedLate.length);
      expect(report.skipped.unsubscribed).toBeGreaterThan(late.length - 10);
      for (const email of mailedLate) expect((await store.journal.job(ISSUE, transport.destination).entry(email))?.state).toBe('sent');
      // nobody suppressed before their turn is in the journal as handed over
      const sentKeys = (await store.journal.job(ISSUE, transport.destination).view()).sent;
      expect(sentKeys.size).toBe(sink.messages.length);
    });
  });

  describe(`${name}: a lease taken away while the send runs`, () => {
    it('stops the run at the next heartbeat: what is in flight finishes, nothing new starts', async () => {
      sink = await startSmtpSink({ replyDelayMs: 20 });
      transport = createSmtpTransport({ url: sink.url, concurrency: 1 });
      const emails = readers(200);
      const job = await open({ heartbeatMs: 50 });
      const plan = await planFrom(job, transport.destination, emails);
      const unlocker = await reopen();
      let broken = false;
      const run = deliverIssue(plan, {
        ...deps,
        transport,
        journal: store.journal,
        job,
        concurrency: 1,
        onProgress: (progress) => {
          if (progress.sent === 5 && !broken) {
            broken = true;
            void unlocker.journal.breakLease(ISSUE, transport.destination, job.lease.owner);
          }
        },
      });
      await expect(run).rejects.toBeInstanceOf(LeaseLostError);
      await job.close();
      const summary = (await store.journal.status(ISSUE, transport.destination))[0];
      expect(summary.sending).toBe(0);
      expect(summary.sent).toBe(sink.messages.length);
      expect(sink.messages.length).toBeLessThan(100);
    });
  });
}

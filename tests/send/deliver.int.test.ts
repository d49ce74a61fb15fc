import { simpleParser } from 'mailparser';
import { deliverIssue, InputsChangedError } from '../../src/send/deliver.js';
import { SendLockedError } from '../../src/send/lock.js';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import { createSmtpTransport } from '../../src/send/transport-smtp.js';
import type { Transport } from '../../src/send/types.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { composer, fastRetry, ISSUE, newMessageId, planFor, readers, tempState, type TempState } from '../helpers/deliver-fixtures.js';

let sink: SmtpSink;
let state: TempState;
let transport: Transport;
let onCleanup: (() => void) | undefined;

beforeEach(async () => {
  sink = await startSmtpSink();
  state = tempState();
  transport = createSmtpTransport({ url: sink.url, concurrency: 4 });
});
afterEach(async () => {
  onCleanup?.();
  onCleanup = undefined;
  await transport.close();
  await sink.close();
  await state.close();
});

const deps = (extra: Partial<Parameters<typeof deliverIssue>[1]> = {}) => ({
  transport,
  journal: state.journal,
  compose: composer(),
  newMessageId,
  concurrency: 4,
  retry: fastRetry,
  ...extra,
});

describe('deliverIssue through a real SMTP server', () => {
  it('gives every reader exactly one copy and journals each as sent with its Message-ID', async () => {
    const emails = readers(60);
    const progress: number[] = [];
    const report = await deliverIssue(await planFor(state.journal, transport.destination, emails), deps({ onProgress: (p) => progress.push(p.sent) }));

    expect(report).toMatchObject({ issue: ISSUE, recipients: 60, sent: 60, failed: 0, unknown: 0, pending: 0 });
    expect(report.stoppedBecause).toBeUndefined();
    expect(sink.messages).toHaveLength(60);
    expect([...sink.copiesByRecipient().values()].every((n) => n === 1)).toBe(true);
    expect(progress.at(-1)).toBe(60);

    const job = state.journal.job(ISSUE, transport.destination);
    expect((await job.summary())).toMatchObject({ recipients: 60, sent: 60, pending: 0, sending: 0 });
    const received = sink.received('reader7@example.org')[0];
    expect((await job.entry('reader7@example.org'))?.messageId).toBe(received.messageId);
    expect((await job.entry('reader7@example.org'))?.reply).toMatch(/^250 /);

    const parsed = await simpleParser(received.raw);
    expect(parsed.messageId).toBe(received.messageId);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0].address : undefined).toBe('reader7@example.org');
    expect(parsed.text).toContain('.a line starting with a dot survives dot-stuffing');
  });

  it('sends nothing when the same send runs again after it finished', async () => {
    const emails = readers(5);
    await deliverIssue(await planFor(state.journal, transport.destination, emails), deps());
    const plan = await planFor(state.journal, transport.destination, emails);
    expect(plan.recipients).toHaveLength(0);
    const report = await deliverIssue(plan, deps());
    expect(report).toMatchObject({ recipients: 0, sent: 0, skipped: expect.objectContaining({ already_sent: 5 }) });
    expect(sink.messages).toHaveLength(5);
  });

  it('retries 451 and 421 replies and then delivers once', async () => {
    sink.script({ to: 'reader2@example.org', at: 'RCPT TO', reply: '451 4.7.1 greylisted, try again later', times: 2 });
    sink.script({ to: 'reader3@example.org', at: 'MESSAGE', reply: '421 4.7.0 too busy, closing', times: 1 });
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(6)), deps());

    expect(report).toMatchObject({ sent: 6, failed: 0, pending: 0 });
    expect(sink.copiesTo('reader2@example.org')).toBe(1);
    expect(sink.copiesTo('reader3@example.org')).toBe(1);
    const job = state.journal.job(ISSUE, transport.destination);
    expect((await job.entry('reader2@example.org'))?.attempts).toBe(3);
    expect((await job.entry('reader3@example.org'))?.attempts).toBe(2);
  });

  it('leaves a reader pending when the server keeps deferring past the retry budget', async () => {
    sink.script({ to: 'reader1@example.org', at: 'RCPT TO', reply: '450 4.2.1 mailbox busy' });
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(3)), deps({ retry: { ...fastRetry, maxAttempts: 3 } }));
    expect(report).toMatchObject({ sent: 2, pending: 1, failed: 0 });
    expect((await state.journal.job(ISSUE, transport.destination).entry('reader1@example.org'))).toMatchObject({
      state: 'pending',
      attempts: 3,
      reply: '450 4.2.1 mailbox busy',
    });
  });

  it('fails a 550 5.1.1 without retrying and reports it as a bounce', async () => {
    sink.script({ to: 'reader2@example.org', at: 'RCPT TO', reply: '550 5.1.1 <reader2@example.org>: no such user' });
    const bounces: [string, string][] = [];
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(4)), deps({ onBounce: (email, reply) => void bounces.push([email, reply]) }));

    expect(report).toMatchObject({ sent: 3, failed: 1, pending: 0 });
    expect(report.failures).toEqual([{ email: 'reader2@example.org', reply: '550 5.1.1 <reader2@example.org>: no such user', bounced: true }]);
    expect(bounces).toEqual([['reader2@example.org', '550 5.1.1 <reader2@example.org>: no such user']]);
    expect((await state.journal.job(ISSUE, transport.destination).entry('reader2@example.org'))).toMatchObject({ state: 'failed', bounced: true, attempts: 1 });
  });

  it('fails a 554 to the message without retrying and without calling it a bounce', async () => {
    sink.script({ to: 'reader1@example.org', at: 'MESSAGE', reply: '554 5.7.1 message looks like spam' });
    const bounces: string[] = [];
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(3)), deps({ onBounce: (email) => void bounces.push(email) }));
    expect(report).toMatchObject({ sent: 2, failed: 1 });
    expect(report.failures).toEqual([{ email: 'reader1@example.org', reply: '554 5.7.1 message looks like spam', bounced: false }]);
    expect(bounces).toEqual([]);
    expect((await state.journal.job(ISSUE, transport.destination).entry('reader1@example.org'))).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('retries a connection dropped at DATA, before the body went out, and delivers once', async () => {
    sink.script({ to: 'reader2@example.org', at: 'DATA', drop: true, times: 1 });
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(4)), deps());
    expect(report).toMatchObject({ sent: 4, unknown: 0 });
    expect(sink.copiesTo('reader2@example.org')).toBe(1);
    expect((await state.journal.job(ISSUE, transport.destination).entry('reader2@example.org'))?.attempts).toBe(2);
  });

  it('retries a connection dropped in the middle of a big body and delivers once', async () => {
    sink.script({ to: 'reader1@example.org', at: 'BODY', drop: true, times: 1 });
    // bigger than what socket buffers hold, so the client cannot have written it all
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(2)), deps({ compose: composer({ bodyBytes: 24_000_000 }), concurrency: 1 }));
    expect(report).toMatchObject({ sent: 2, unknown: 0 });
    expect(sink.copiesTo('reader1@example.org')).toBe(1);
    expect((await state.journal.job(ISSUE, transport.destination).entry('reader1@example.org'))?.attempts).toBe(2);
  });

  it('marks a connection lost after the final dot as unknown, never re-sends it by itself, and resends it on request with the same Message-ID', async () => {
    sink.script({ to: 'reader3@example.org', at: 'MESSAGE', drop: true, deliver: true, times: 1 });
    const emails = readers(5);
    const first = await deliverIssue(await planFor(state.journal, transport.destination, emails), deps());
    expect(first).toMatchObject({ sent: 4, unknown: 1, failed: 0 });
    const job = state.journal.job(ISSUE, transport.destination);
    const messageId = (await job.entry('reader3@example.org'))?.messageId;
    expect((await job.entry('reader3@example.org'))).toMatchObject({ state: 'unknown', attempts: 1 });

    // the same command again: nothing is sent, the unknown one is held back
    const again = await planFor(state.journal, transport.destination, emails);
    expect(again.recipients).toHaveLength(0);
    expect(again.heldBack).toEqual([expect.objectContaining({ key: 'reader3@example.org', state: 'unknown', messageId })]);
    await deliverIssue(again, deps());
    expect(sink.copiesTo('reader3@example.org')).toBe(1);

    const settle = await planFor(state.journal, transport.destination, emails, { mode: 'resend-unknown' });
    const report = await deliverIssue(settle, deps());
    expect(report).toMatchObject({ recipients: 1, sent: 1, unknown: 0 });
    expect(sink.received('reader3@example.org').map((m) => m.messageId)).toEqual([messageId, messageId]);
    expect((await job.entry('reader3@example.org'))).toMatchObject({ state: 'sent', messageId, attempts: 2 });
  });

  it('stops the run at an authentication failure and leaves everyone pending', async () => {
    const guarded = await startSmtpSink({ auth: { user: 'editor', pass: 'right' } });
    const wrong = createSmtpTransport({ url: guarded.url.replace(':right@', ':wrong@'), concurrency: 2 });
    try {
      await expect(wrong.verify()).rejects.toMatchObject({ failure: { code: 'EAUTH', handedOver: false } });
      const report = await deliverIssue(await planFor(state.journal, wrong.destination, readers(5)), deps({ transport: wrong, concurrency: 2 }));
      expect(report).toMatchObject({ stoppedBecause: 'auth', sent: 0, failed: 0, pending: 5 });
      expect(guarded.messages).toHaveLength(0);
    } finally {
      await wrong.close();
      await guarded.close();
    }
  });

  it('stops at a refused sender (553 5.1.8 at MAIL FROM), suppresses nobody and says why', async () => {
    sink.script({ at: 'MAIL FROM', reply: '553 5.1.8 <news@example.org>: Sender address rejected: not owned by user' });
    const bounced: string[] = [];
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(40)), deps({ onBounce: (email) => void bounced.push(email) }));
    expect(report).toMatchObject({ stoppedBecause: 'sender', sent: 0, failed: 0, pending: 40 });
    expect(report.stopReply).toMatch(/^553 5\.1\.8 /);
    expect(bounced).toEqual([]);
    expect(report.failures).toEqual([]);
    const summary = (await state.journal.job(ISSUE, transport.destination).summary());
    expect(summary).toMatchObject({ failed: 0, bounced: 0, pending: 40 });
    expect(sink.messages).toHaveLength(0);
  });

  it('pauses after too many permanent failures in a row instead of burning the list', async () => {
    sink.script({ at: 'RCPT TO', reply: '554 5.7.1 relay access denied' });
    const report = await deliverIssue(await planFor(state.journal, transport.destination, readers(30)), deps({ concurrency: 1, maxConsecutiveFailures: 5 }));
    expect(report).toMatchObject({ stoppedBecause: 'too-many-failures', failed: 5, sent: 0, pending: 25 });
    expect((await state.journal.job(ISSUE, transport.destination).summary())).toMatchObject({ failed: 5, pending: 25 });
  });

  it('on abort finishes and journals what is in flight, leaves the rest pending, and resumes later', async () => {
    await sink.close();
    sink = await startSmtpSink({ replyDelayMs: 40 });
    await transport.close();
    transport = createSmtpTransport({ url: sink.url, concurrency: 3 });
    const emails = readers(40);
    const controller = new AbortController();
    const report = await deliverIssue(
      await planFor(state.journal, transport.destination, emails),
      deps({ concurrency: 3, signal: controller.signal, onProgress: (p) => p.sent === 4 && controller.abort() }),
    );
    expect(report.stoppedBecause).toBe('interrupted');
    const job = state.journal.job(ISSUE, transport.destination);
    const summary = (await job.summary());
    expect(summary.sending).toBe(0);
    expect(summary.unknown).toBe(0);
    // what the server accepted is exactly what the journal calls sent
    expect(summary.sent).toBe(sink.messages.length);
    expect(report.sent).toBe(sink.messages.length);
    expect(summary.pending).toBe(40 - summary.sent);
    expect(summary.pending).toBeGreaterThan(0);

    const rest = await deliverIssue(await planFor(state.journal, transport.destination, emails), deps({ concurrency: 3 }));
    expect(rest.sent).toBe(40 - report.sent);
    expect(sink.messages).toHaveLength(40);
    expect([...sink.copiesByRecipient().values()].every((n) => n === 1)).toBe(true);
  });

  it('refuses to resume after the issue or the list changed, unless forced', async () => {
    const emails = readers(3);
    await deliverIssue(await planFor(state.journal, transport.destination, emails.slice(0, 1)), deps());
    const changed = await planFor(state.journal, transport.destination, emails, { issueHash: 'issue-hash-2', listHash: 'list-hash-2' });
    const refusal = deliverIssue(changed, deps());
    await expect(refusal).rejects.toBeInstanceOf(InputsChangedError);
    await expect(refusal).rejects.toMatchObject({
      changed: ['issue', 'list'],
      message: `the issue and the subscriber list changed since "${ISSUE}" was last sent to this destination`,
    });
    expect(sink.messages).toHaveLength(1);
    const forced = await deliverIssue(changed, deps({ force: true }));
    expect(forced.sent).toBe(2);
  });

  it('is refused while another live process holds the lock', async () => {
    // another sender: its own connection to the same state database
    const other = openSqliteStore(state.dir);
    await other.journal.acquireLease(ISSUE, transport.destination, { owner: 'the-other-sender', pid: process.ppid });
    onCleanup = () => void other.close();
    const refusal = deliverIssue(await planFor(state.journal, transport.destination, readers(2)), deps());
    await expect(refusal).rejects.toBeInstanceOf(SendLockedError);
    await expect(refusal).rejects.toMatchObject({ holder: { pid: process.ppid } });
    expect(sink.messages).toHaveLength(0);
  });
});

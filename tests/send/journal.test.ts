import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateDatabase, type StateDatabase } from '../../src/state/database.js';
import { openJournal, type Journal } from '../../src/send/journal.js';
import { SendLockedError } from '../../src/send/lock.js';

const DEST = 'smtp://127.0.0.1:2525';
const plan = { mode: 'send' as const, issueHash: 'issue-1', listHash: 'list-1' };
const people = ['a@example.org', 'b@example.org', 'c@example.org'].map((email) => ({ key: email, email, lang: 'de' }));

let dir: string;
let db: StateDatabase;
let journal: Journal;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'newsletter-journal-'));
  db = openStateDatabase(dir);
  journal = openJournal(db);
});
afterEach(() => db.close());

describe('journal transitions', () => {
  it('walks pending → sending → sent | failed | unknown and keeps the Message-ID, reply and attempts', () => {
    const job = journal.job('2020-12-nr34', DEST);
    job.beginRun(plan, 3);
    job.addPending(people);
    expect(job.summary()).toMatchObject({ recipients: 3, pending: 3, sent: 0 });

    job.markSending('a@example.org', '<1@news.example.org>', 1000);
    expect(job.entry('a@example.org')).toMatchObject({ state: 'sending', messageId: '<1@news.example.org>', attempts: 1 });
    job.markSent('a@example.org', '250 2.0.0 Ok: queued as 1');
    expect(job.entry('a@example.org')).toMatchObject({ state: 'sent', reply: '250 2.0.0 Ok: queued as 1', attempts: 1 });
    expect(job.entry('a@example.org')?.sentAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    job.markSending('b@example.org', '<2@news.example.org>', 1001);
    job.markFailed('b@example.org', '550 5.1.1 no such user', true);
    expect(job.entry('b@example.org')).toMatchObject({ state: 'failed', bounced: true });

    job.markSending('c@example.org', '<3@news.example.org>', 1002);
    job.markPending('c@example.org', '451 4.3.0 later');
    job.markSending('c@example.org', '<3@news.example.org>', 1003);
    job.markUnknown('c@example.org', 'connection lost after the whole message was sent');
    expect(job.entry('c@example.org')).toMatchObject({ state: 'unknown', attempts: 2, messageId: '<3@news.example.org>' });

    expect(job.summary()).toMatchObject({ recipients: 3, pending: 0, sending: 0, sent: 1, failed: 1, bounced: 1, unknown: 1 });
    expect(job.summary().unknownReaders).toEqual([
      { email: 'c@example.org', messageId: '<3@news.example.org>', reply: 'connection lost after the whole message was sent' },
    ]);
    expect(job.entries('failed').map((e) => e.key)).toEqual(['b@example.org']);
    expect(job.view()).toEqual({ sent: new Set(['a@example.org']), unknown: new Map([['c@example.org', '<3@news.example.org>']]) });
    // the last hand-over of each row, after the given time: the pace across a resume
    expect(journal.recentHandOvers(DEST, 999)).toEqual([1000, 1001, 1003]);
    expect(journal.recentHandOvers(DEST, 1001)).toEqual([1003]);
  });

  it('adding pending rows twice keeps the first row and its state', () => {
    const job = journal.job('x', DEST);
    job.beginRun(plan, 3);
    job.addPending(people);
    job.markSending('a@example.org', '<1@x>', 1);
    job.markSent('a@example.org', '250 ok');
    job.addPending(people);
    expect(job.summary()).toMatchObject({ recipients: 3, sent: 1, pending: 2 });
  });

  it('turns rows left in sending by a dead run into unknown at the next start, and reports them', () => {
    const job = journal.job('x', DEST);
    job.beginRun(plan, 3);
    job.addPending(people);
    job.markSending('a@example.org', '<a@x>', 1);
    job.markSending('b@example.org', '<b@x>', 2);
    job.markSent('b@example.org', '250 ok');
    db.close();

    // a new process opens the same file
    db = openStateDatabase(dir);
    journal = openJournal(db);
    const again = journal.job('x', DEST);
    expect(again.recoverInterrupted()).toEqual(['a@example.org']);
    expect(again.entry('a@example.org')).toMatchObject({ state: 'unknown', messageId: '<a@x>', reply: 'interrupted while sending' });
    expect(again.recoverInterrupted()).toEqual([]);
  });

  it('keeps the journal apart per destination: the outbox never counts as sent for a server', () => {
    const outbox = journal.job('x', 'outbox:/tmp/outbox/x');
    outbox.beginRun(plan, 1);
    outbox.addPending(people.slice(0, 1));
    outbox.markSending('a@example.org', '<a@x>', 1);
    outbox.markSent('a@example.org', '250 written');
    expect(journal.job('x', DEST).view().sent.size).toBe(0);
    expect(journal.status('x').map((s) => [s.destination, s.sent])).toEqual([['outbox:/tmp/outbox/x', 1]]);
  });

  it('remembers the content hashes and says which one changed', () => {
    const job = journal.job('x', DEST);
    expect(job.changedSince('issue-1', 'list-1')).toEqual([]);
    job.beginRun(plan, 3);
    expect(job.changedSince('issue-1', 'list-1')).toEqual([]);
    expect(job.changedSince('issue-2', 'list-1')).toEqual(['issue']);
    expect(job.changedSince('issue-1', 'list-2')).toEqual(['list']);
    expect(job.changedSince('issue-2', 'list-2')).toEqual(['issue', 'list']);
  });

  it('a resend starts a new generation in which everyone is pending again, without their old Message-ID', () => {
    const job = journal.job('x', DEST);
    job.beginRun(plan, 3);
    job.addPending(people);
    job.markSending('a@example.org', '<a@x>', 1);
    job.markSent('a@example.org', '250 ok');
    const run = job.beginRun({ ...plan, mode: 'resend' }, 3);
    expect(run.generation).toBe(2);
    expect(job.entry('a@example.org')).toMatchObject({ state: 'pending', attempts: 0 });
    expect(job.entry('a@example.org')?.messageId).toBeUndefined();
  });

  it('records how a run ended', () => {
    const job = journal.job('x', DEST);
    const run = job.beginRun(plan, 3);
    job.finishRun(run.id, 'interrupted');
    expect(job.lastRun()).toMatchObject({ id: run.id, mode: 'send', issueHash: 'issue-1', listHash: 'list-1', stoppedBecause: 'interrupted' });
    expect(job.lastRun()?.finishedAt).toBeDefined();
  });

  it('status is readable from a second connection while the first one writes', () => {
    const job = journal.job('x', DEST);
    job.beginRun(plan, 3);
    job.addPending(people);
    job.markSending('a@example.org', '<a@x>', 1);
    const reader = openJournal(openStateDatabase(dir));
    expect(reader.status('x', DEST)[0]).toMatchObject({ sending: 1, pending: 2 });
    reader.db.close();
  });
});

describe('the sender lock', () => {
  it('refuses a second live sender, naming its pid', () => {
    journal.lock('x', DEST, { pid: 4242, isAlive: () => true });
    let error: unknown;
    try {
      journal.lock('x', DEST, { pid: 5151, isAlive: () => true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SendLockedError);
    expect((error as Error).message).toMatch(/^"x" is being sent already by process 4242 \(since \d{4}-/);
    expect((error as SendLockedError).holder.pid).toBe(4242);
  });

  it('takes over the lock of a process that is gone, and says whose it was', () => {
    journal.lock('x', DEST, { pid: 4242, isAlive: () => true });
    const lock = journal.lock('x', DEST, { pid: 5151, isAlive: (pid) => pid !== 4242 });
    expect(lock.tookOverFrom?.pid).toBe(4242);
    expect(journal.holdsLock('x', DEST)).toBe(true);
    lock.release();
    expect(journal.holdsLock('x', DEST)).toBe(false);
    expect(journal.lock('x', DEST, { pid: 6161 }).tookOverFrom).toBeUndefined();
  });

  it('takes over a lock from before the machine booted, even if its pid is in use again', () => {
    journal.lock('x', DEST, { pid: 4242, now: () => new Date('2001-01-01T00:00:00Z') });
    expect(journal.lock('x', DEST, { pid: 5151, isAlive: () => true }).tookOverFrom).toEqual({
      pid: 4242,
      host: expect.any(String),
      since: '2001-01-01T00:00:00.000Z',
    });
  });

  it('locks per issue and destination', () => {
    journal.lock('x', DEST, { pid: 4242, isAlive: () => true });
    expect(() => journal.lock('y', DEST, { pid: 5151, isAlive: () => true })).not.toThrow();
    expect(() => journal.lock('x', 'outbox:/tmp/o', { pid: 5151, isAlive: () => true })).not.toThrow();
  });

  it('status names the running sender while it holds the lock', () => {
    const lock = journal.lock('x', DEST);
    expect(journal.status('x', DEST)[0].running?.pid).toBe(process.pid);
    lock.release();
    expect(journal.status('x', DEST)[0].running).toBeUndefined();
  });
});

/**
 * The state contract, written once and run against every backend: the SQLite file
 * (tests/state/sqlite-state.test.ts) and a real PostgreSQL server (tests/state/postgres-state.int.test.ts).
 */
import { SendLockedError } from '../../src/state/lease-error.js';
import type { StateStore } from '../../src/state/types.js';

/** A fresh, empty state; `reopen` opens the same state again as a second process would. */
export interface StateFixture {
  store: StateStore;
  reopen(): Promise<StateStore>;
}

const DEST = 'smtp://127.0.0.1:2525';
const plan = { mode: 'send' as const, issueHash: 'issue-1', listHash: 'list-1' };
const people = ['a@example.org', 'b@example.org', 'c@example.org'].map((email) => ({ key: email, email, lang: 'de' }));

/** Defines the journal, suppression and lease tests on states made by `fresh`. */
export function stateContract(name: string, fresh: () => Promise<StateFixture>): void {
  let fixture: StateFixture;
  let store: StateStore;
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
    for (const other of others.splice(0)) await other.close();
    await store.close();
  });
  /** A job of `issueId` whose run has begun with the three `people` pending. */
  const pendingJob = async (issueId: string, options?: { listId: string }) => {
    const job = store.journal.job(issueId, DEST, options);
    await job.beginRun(plan, 3);
    await job.addPending(people);
    return job;
  };

  describe(`${name}: journal transitions`, () => {
    it('walks pending → sending → sent | failed | unknown and keeps the Message-ID, reply and attempts', async () => {
      const job = await pendingJob('2020-12-nr34');
      expect(await job.summary()).toMatchObject({ recipients: 3, pending: 3, sent: 0 });

      await job.markSending('a@example.org', '<1@news.example.org>', 1000);
      expect(await job.entry('a@example.org')).toMatchObject({ state: 'sending', messageId: '<1@news.example.org>', attempts: 1, handedAt: 1000 });
      await job.markSent('a@example.org', '250 2.0.0 Ok: queued as 1');
      expect(await job.entry('a@example.org')).toMatchObject({ state: 'sent', reply: '250 2.0.0 Ok: queued as 1', attempts: 1 });
      expect((await job.entry('a@example.org'))?.sentAt).toMatch(/^\d{4}-\d\d-\d\dT/);

      await job.markSending('b@example.org', '<2@news.example.org>', 1001);
      await job.markFailed('b@example.org', '550 5.1.1 no such user', true);
      expect(await job.entry('b@example.org')).toMatchObject({ state: 'failed', bounced: true });

      await job.markSending('c@example.org', '<3@news.example.org>', 1002);
      await job.markPending('c@example.org', '451 4.3.0 later');
      await job.markSending('c@example.org', '<3@news.example.org>', 1003);
      await job.markUnknown('c@example.org', 'connection lost after the whole message was sent');
      expect(await job.entry('c@example.org')).toMatchObject({ state: 'unknown', attempts: 2, messageId: '<3@news.example.org>' });

      expect(await job.summary()).toMatchObject({ recipients: 3, pending: 0, sending: 0, sent: 1, failed: 1, bounced: 1, unknown: 1 });
      expect((await job.summary()).unknownReaders).toEqual([
        { email: 'c@example.org', messageId: '<3@news.example.org>', reply: 'connection lost after the whole message was sent' },
      ]);
      expect((await job.entries('failed')).map((e) => e.key)).toEqual(['b@example.org']);
      expect(await job.view()).toEqual({ sent: new Set(['a@example.org']), unknown: new Map([['c@example.org', '<3@news.example.org>']]) });
      // the last hand-over of each row, after the given time: the pace across a resume
      expect(await store.journal.recentHandOvers(DEST, 999)).toEqual([1000, 1001, 1003]);
      expect(await store.journal.recentHandOvers(DEST, 1001)).toEqual([1003]);
      expect(await store.journal.recentHandOvers(undefined, 999)).toEqual([1000, 1001, 1003]);
      expect(await store.journal.countHandOvers(1000)).toBe(2);
      expect(await store.journal.countHandOvers(0, 'outbox:/elsewhere')).toBe(0);
    });

    it('adding pending rows twice keeps the first row and its state', async () => {
      const job = await pendingJob('x');
      await job.markSending('a@example.org', '<1@x>', 1);
      await job.markSent('a@example.org', '250 ok');
      await job.addPending(people);
      expect(await job.summary()).toMatchObject({ recipients: 3, sent: 1, pending: 2 });
    });

    it('turns rows left in sending by a dead run into unknown at the next start, and reports them', async () => {
      const job = await pendingJob('x');
      await job.markSending('a@example.org', '<a@x>', 1);
      await job.markSending('b@example.org', '<b@x>', 2);
      await job.markSent('b@example.org', '250 ok');

      // a new process opens the same state
      const again = (await reopen()).journal.job('x', DEST);
      expect(await again.recoverInterrupted()).toEqual(['a@example.org']);
      expect(await again.entry('a@example.org')).toMatchObject({ state: 'unknown', messageId: '<a@x>', reply: 'interrupted while sending' });
      expect(await again.recoverInterrupted()).toEqual([]);
    });

    it('keeps the journal apart per destination: the outbox never counts as sent for a server', async () => {
      const outbox = store.journal.job('x', 'outbox:/tmp/outbox/x');
      await outbox.beginRun(plan, 1);
      await outbox.addPending(people.slice(0, 1));
      await outbox.markSending('a@example.org', '<a@x>', 1);
      await outbox.markSent('a@example.org', '250 written');
      expect((await store.journal.job('x', DEST).view()).sent.size).toBe(0);
      expect((await store.journal.status('x')).map((s) => [s.destination, s.sent])).toEqual([['outbox:/tmp/outbox/x', 1]]);
    });

    it('remembers the content hashes and says which one changed', async () => {
      const job = store.journal.job('x', DEST);
      expect(await job.changedSince('issue-1', 'list-1')).toEqual([]);
      await job.beginRun(plan, 3);
      expect(await job.changedSince('issue-1', 'list-1')).toEqual([]);
      expect(await job.changedSince('issue-2', 'list-1')).toEqual(['issue']);
      expect(await job.changedSince('issue-1', 'list-2')).toEqual(['list']);
      expect(await job.changedSince('issue-2', 'list-2')).toEqual(['issue', 'list']);
    });

    it('a resend starts a new generation in which everyone is pending again, without their old Message-ID', async () => {
      const job = await pendingJob('x');
      await job.markSending('a@example.org', '<a@x>', 1);
      await job.markSent('a@example.org', '250 ok');
      const run = await job.beginRun({ ...plan, mode: 'resend' }, 3);
      expect(run.generation).toBe(2);
      expect(await job.entry('a@example.org')).toMatchObject({ state: 'pending', attempts: 0 });
      expect((await job.entry('a@example.org'))?.messageId).toBeUndefined();
    });

    it('records how a run ended', async () => {
      const job = store.journal.job('x', DEST);
      const run = await job.beginRun(plan, 3);
      await job.finishRun(run.id, 'interrupted');
      expect(await job.lastRun()).toMatchObject({ id: run.id, mode: 'send', issueHash: 'issue-1', listHash: 'list-1', stoppedBecause: 'interrupted' });
      expect((await job.lastRun())?.finishedAt).toBeDefined();
    });

    it('status is readable from a second connection while the first one writes', async () => {
      const job = await pendingJob('x');
      await job.markSending('a@example.org', '<a@x>', 1);
      const reader = await reopen();
      expect((await reader.journal.status('x', DEST))[0]).toMatchObject({ sending: 1, pending: 2 });
    });

    it('finds a row by issue and address, and by Message-ID with or without brackets; records a late outcome on it', async () => {
      const job = await pendingJob('x');
      await job.markSending('b@example.org', '<b.1@news.example.org>', 5);
      await job.markSent('b@example.org', '250 ok');
      expect((await store.journal.findRecipient('x', 'B@Example.org')).map((e) => [e.destination, e.state])).toEqual([[DEST, 'sent']]);
      expect(await store.journal.findByMessageId('b.1@news.example.org')).toMatchObject({ issueId: 'x', key: 'b@example.org', state: 'sent' });
      expect(await store.journal.findByMessageId('<nobody@news.example.org>')).toBeUndefined();
      // every row of an address, any issue (bounce processing)
      const later = store.journal.job('y', DEST);
      await later.beginRun(plan, 3);
      await later.addPending(people);
      await later.markSending('b@example.org', '<b.2@news.example.org>', 6);
      await later.markSent('b@example.org', '250 ok');
      expect((await store.journal.entriesOf('B@Example.org')).map((e) => `${e.issueId} ${e.messageId}`).sort()).toEqual(['x <b.1@news.example.org>', 'y <b.2@news.example.org>']);
      expect(await store.journal.entriesOf('nobody@example.org')).toEqual([]);

      expect(
        await store.journal.recordLateOutcome('<b.1@news.example.org>', { outcome: 'bounced', status: '5.1.1', diagnostic: 'smtp; 550 no such user', at: '2026-01-02T03:04:05.000Z' }),
      ).toBe(true);
      expect(await store.journal.recordLateOutcome('<nobody@x>', { outcome: 'complained' })).toBe(false);
      const entry = await job.entry('b@example.org');
      expect(entry).toMatchObject({ state: 'sent', bounced: true, late: { outcome: 'bounced', status: '5.1.1', diagnostic: 'smtp; 550 no such user', at: '2026-01-02T03:04:05.000Z' } });
      expect((await job.summary()).bounced).toBe(1);
    });
  });

  describe(`${name}: a reader suppressed before their turn`, () => {
    it('is refused by markSending; a pending row leaves the journal (as if suppressed before the plan), an unknown one stays', async () => {
      const job = store.journal.job('2020-12-nr34', DEST, { listId: 'news.example.org' });
      await job.beginRun(plan, 4);
      await job.addPending([...people, { key: 'd@example.org', email: 'd@example.org', lang: 'de' }]);
      await job.markSending('c@example.org', '<c@news.example.org>', 1);
      await job.markUnknown('c@example.org', 'interrupted while sending');
      await store.suppression.add({ email: 'a@example.org', reason: 'one-click', listId: 'news.example.org', source: 'endpoint' });
      await store.suppression.add({ email: 'c@example.org', reason: 'by-hand' });
      await store.suppression.add({ email: 'd@example.org', reason: 'one-click', listId: 'other.example.org' });

      expect(await job.markSending('a@example.org', '<a@news.example.org>', 2)).toBe(false);
      expect(await job.entry('a@example.org')).toBeUndefined();
      expect(await job.markSending('c@example.org', '<c@news.example.org>', 3)).toBe(false);
      expect(await job.entry('c@example.org')).toMatchObject({ state: 'unknown', messageId: '<c@news.example.org>' });
      // another list's unsubscribe does not count for this one
      expect(await job.markSending('d@example.org', '<d@news.example.org>', 4)).toBe(true);
      expect(await job.markSending('b@example.org', '<b@news.example.org>', 5)).toBe(true);
      expect(await job.summary()).toMatchObject({ recipients: 3, pending: 0, sending: 2, unknown: 1 });
    });

    it('is dropped from the journal by the next run while still pending, also after a resend made every row pending again', async () => {
      const job = await pendingJob('2020-12-nr34', { listId: 'news.example.org' });
      await job.markSending('a@example.org', '<a@news.example.org>', 1);
      await job.markSent('a@example.org', '250 ok');
      await store.suppression.add({ email: 'a@example.org', reason: 'by-hand' });
      await store.suppression.add({ email: 'b@example.org', reason: 'one-click', listId: 'news.example.org' });

      await job.beginRun(plan, 1);
      expect(await job.entry('b@example.org')).toBeUndefined();
      expect(await job.summary()).toMatchObject({ recipients: 2, sent: 1, pending: 1 });
      await job.beginRun({ ...plan, mode: 'resend' }, 1);
      expect(await job.entry('a@example.org')).toBeUndefined();
      expect(await job.summary()).toMatchObject({ recipients: 1, sent: 0, pending: 1 });
    });
  });

  describe(`${name}: claim, the delivery's one write per message`, () => {
    it('records the previous message as sent and marks the next sending in one go, keeping a Message-ID the row has', async () => {
      const job = await pendingJob('2020-12-nr34');
      expect(await job.claim('a@example.org', { messageId: '<a@x>', atMs: 10 })).toEqual({ claimed: true, messageId: '<a@x>' });
      await job.markSending('c@example.org', '<c-first@x>', 11);
      await job.markPending('c@example.org', '451 later');

      expect(await job.claim('c@example.org', { messageId: '<c-second@x>', atMs: 12, sent: { key: 'a@example.org', reply: '250 queued' } })).toEqual({
        claimed: true,
        messageId: '<c-first@x>',
      });
      expect(await job.entry('a@example.org')).toMatchObject({ state: 'sent', reply: '250 queued', messageId: '<a@x>', attempts: 1 });
      expect((await job.entry('a@example.org'))?.sentAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await job.entry('c@example.org')).toMatchObject({ state: 'sending', messageId: '<c-first@x>', attempts: 2, handedAt: 12 });
      expect(await job.summary()).toMatchObject({ pending: 1, sending: 1, sent: 1 });
    });

    it('leaves a row alone whose state is not one asked for, a suppressed reader, and a reader without a row; the previous outcome is written all the same', async () => {
      const job = await pendingJob('2020-12-nr34', { listId: 'news.example.org' });
      await job.markSending('a@example.org', '<a@x>', 1);
      await job.markSent('a@example.org', '250 ok');
      await job.markSending('b@example.org', '<b@x>', 2);
      await store.suppression.add({ email: 'c@example.org', reason: 'one-click', listId: 'news.example.org' });
      const asked = { messageId: '<new@x>', atMs: 3, states: ['pending', 'failed'] as const };

      expect(await job.claim('a@example.org', { ...asked, sent: { key: 'b@example.org', reply: '250 b' } })).toEqual({ claimed: false, why: 'state', state: 'sent' });
      expect(await job.entry('b@example.org')).toMatchObject({ state: 'sent', reply: '250 b' });
      // the state is looked at first: a sent reader on the list is still "sent"
      await store.suppression.add({ email: 'a@example.org', reason: 'by-hand' });
      expect(await job.claim('a@example.org', asked)).toEqual({ claimed: false, why: 'state', state: 'sent' });
      expect(await job.claim('c@example.org', asked)).toEqual({ claimed: false, why: 'suppressed' });
      expect(await job.entry('c@example.org')).toBeUndefined();
      expect(await job.claim('z@example.org', asked)).toEqual({ claimed: false, why: 'missing' });
      expect(await job.entry('a@example.org')).toMatchObject({ state: 'sent', attempts: 1, messageId: '<a@x>' });
    });

    it('answers claims made at once each for its own reader (PostgreSQL sends those that wait together in one statement)', async () => {
      const job = store.journal.job('2020-12-nr34', DEST);
      const readers = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ key: `${name}@example.org`, email: `${name}@example.org`, lang: 'de' }));
      await job.beginRun(plan, readers.length);
      await job.addPending(readers);
      await job.markSending('a@example.org', '<a@x>', 1);
      await job.markSending('b@example.org', '<b@x>', 2);
      await job.markSending('f@example.org', '<f@x>', 3);
      await job.markSent('f@example.org', '250 f');
      await store.suppression.add({ email: 'e@example.org', reason: 'by-hand' });
      const states = ['pending', 'failed'] as const;

      const answers = await Promise.all([
        job.claim('c@example.org', { messageId: '<c@x>', atMs: 4, states, sent: { key: 'a@example.org', reply: '250 a' } }),
        job.claim('d@example.org', { messageId: '<d@x>', atMs: 5, states, sent: { key: 'b@example.org', reply: '250 b' } }),
        job.claim('e@example.org', { messageId: '<e@x>', atMs: 6, states }),
        job.claim('f@example.org', { messageId: '<f2@x>', atMs: 7, states }),
        job.claim('g@example.org', { messageId: '<g@x>', atMs: 8, states }),
      ]);
      expect(answers).toEqual([
        { claimed: true, messageId: '<c@x>' },
        { claimed: true, messageId: '<d@x>' },
        { claimed: false, why: 'suppressed' },
        { claimed: false, why: 'state', state: 'sent' },
        { claimed: false, why: 'missing' },
      ]);
      expect(await job.entry('a@example.org')).toMatchObject({ state: 'sent', reply: '250 a' });
      expect(await job.entry('b@example.org')).toMatchObject({ state: 'sent', reply: '250 b' });
      expect(await job.entry('d@example.org')).toMatchObject({ state: 'sending', messageId: '<d@x>', handedAt: 5 });
      expect(await job.entry('e@example.org')).toBeUndefined();
      expect(await job.summary()).toMatchObject({ recipients: 5, sending: 2, sent: 3, pending: 0 });
    });
  });

  describe(`${name}: suppression list`, () => {
    it('add and get compare the whole address case-insensitively, domains as punycode', async () => {
      const { added, entry } = await store.suppression.add({ email: '  Anna.Schmidt@München.example ', reason: 'by-hand', source: 'cli' });
      expect(added).toBe(true);
      expect(entry).toMatchObject({ email: 'Anna.Schmidt@xn--mnchen-3ya.example', key: 'anna.schmidt@xn--mnchen-3ya.example', reason: 'by-hand', source: 'cli' });
      expect(entry.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await store.suppression.get('ANNA.SCHMIDT@münchen.example')).toBeDefined();
      expect(await store.suppression.get('anna.schmidt@example.org')).toBeUndefined();
    });

    it('adding again keeps the first entry and its reason', async () => {
      await store.suppression.add({ email: 'bob@example.org', reason: 'one-click', listId: 'news.example.org' });
      const again = await store.suppression.add({ email: 'BOB@example.org', reason: 'one-click', listId: 'news.example.org' });
      expect(again.added).toBe(false);
      expect(again.entry).toMatchObject({ email: 'bob@example.org', reason: 'one-click', listId: 'news.example.org' });
      expect(await store.suppression.list()).toHaveLength(1);
    });

    it('records per list and globally: a send of a list honours both, never another list\'s', async () => {
      await store.suppression.add({ email: 'a@example.org', reason: 'one-click', listId: 'news.example.org', issueId: '2020-12-nr34', source: 'endpoint' });
      await store.suppression.add({ email: 'b@example.org', reason: 'one-click', listId: 'other.example.org' });
      await store.suppression.add({ email: 'c@example.org', reason: 'bounced', issueId: '2020-12-nr34', detail: '5.1.1 no such user', source: 'bounce' });
      // a global entry covers every list: a list's entry for the same address adds nothing
      expect((await store.suppression.add({ email: 'c@example.org', reason: 'one-click', listId: 'news.example.org' })).added).toBe(false);
      // a list's entry does not cover another list
      expect((await store.suppression.add({ email: 'b@example.org', reason: 'manual', listId: 'news.example.org' })).added).toBe(true);
      expect(await store.suppression.keys('news.example.org')).toEqual(
        new Map([
          ['a@example.org', 'one-click'],
          ['b@example.org', 'manual'],
          ['c@example.org', 'bounced'],
        ]),
      );
      expect([...(await store.suppression.keys('third.example.org')).keys()]).toEqual(['c@example.org']);
      expect((await store.suppression.keys()).size).toBe(3);
      expect(await store.suppression.get('b@example.org', 'third.example.org')).toBeUndefined();
      expect(await store.suppression.get('a@example.org', 'news.example.org')).toMatchObject({ issueId: '2020-12-nr34', source: 'endpoint', listId: 'news.example.org' });
      expect(await store.suppression.get('c@example.org')).toMatchObject({ detail: '5.1.1 no such user', source: 'bounce' });
    });

    it('counts by kind; older reason names count as their kind', async () => {
      await store.suppression.add({ email: 'a@example.org', reason: 'one-click' });
      await store.suppression.add({ email: 'b@example.org', reason: 'confirm-page' });
      await store.suppression.add({ email: 'c@example.org', reason: 'by-hand' });
      await store.suppression.add({ email: 'd@example.org', reason: 'bounced', detail: '550 5.1.1' });
      await store.suppression.add({ email: 'e@example.org', reason: 'complained' });
      await store.suppression.add({ email: 'f@example.org', reason: 'unsubscribed', source: 'mailto' });
      expect(await store.suppression.counts()).toEqual({ unsubscribed: 3, bounced: 1, complained: 1, manual: 1 });
    });

    it('remove takes an address off, in any case, and says how many entries went', async () => {
      await store.suppression.add({ email: 'a@example.org', reason: 'one-click', listId: 'l1' });
      await store.suppression.add({ email: 'a@example.org', reason: 'by-hand' });
      expect(await store.suppression.remove('A@EXAMPLE.ORG', 'l1')).toBe(1);
      expect(await store.suppression.remove('A@EXAMPLE.ORG')).toBe(1);
      expect(await store.suppression.remove('a@example.org')).toBe(0);
      expect(await store.suppression.get('a@example.org')).toBeUndefined();
    });

    it('merge adds what is not covered in one go, keeps what is there with its reason and time, and a dry run writes nothing', async () => {
      await store.suppression.add({ email: 'a@example.org', reason: 'bounced', detail: '5.1.1', createdAt: '2026-01-01T00:00:00.000Z' });
      const entries = [
        { email: 'A@example.org', reason: 'unsubscribed' as const, createdAt: '2026-02-01T00:00:00.000Z', source: 'import' },
        { email: 'b@example.org', reason: 'one-click' as const, listId: 'news', createdAt: '2025-12-24T18:00:00.000Z', issueId: '2020-12-nr34', source: 'endpoint' },
        // covered by the line before it: a file's own entries count too
        { email: 'c@example.org', reason: 'bounced' as const },
        { email: 'c@example.org', reason: 'manual' as const, listId: 'news' },
      ];
      const dry = await store.suppression.merge(entries, { dryRun: true });
      expect(dry.added.map((e) => e.key)).toEqual(['b@example.org', 'c@example.org']);
      expect(dry.covered.map((c) => [c.entry.email, c.kept.reason])).toEqual([['A@example.org', 'bounced'], ['c@example.org', 'bounced']]);
      expect(await store.suppression.list()).toHaveLength(1);

      const done = await store.suppression.merge(entries);
      expect(done.added).toEqual(dry.added.map((e) => expect.objectContaining({ key: e.key, reason: e.reason })));
      expect(await store.suppression.get('a@example.org')).toMatchObject({ reason: 'bounced', detail: '5.1.1', createdAt: '2026-01-01T00:00:00.000Z' });
      expect(await store.suppression.get('b@example.org', 'news')).toMatchObject({ createdAt: '2025-12-24T18:00:00.000Z', issueId: '2020-12-nr34', source: 'endpoint' });
      expect((await store.suppression.merge(entries)).added).toEqual([]);
    });

    it('since() hands a running send only what was recorded after its watermark, from any connection', async () => {
      await store.suppression.add({ email: 'early@example.org', reason: 'one-click' });
      const start = await store.suppression.since(undefined);
      expect(start.keys.size).toBe(0);
      const endpoint = await reopen();
      await endpoint.suppression.add({ email: 'late@example.org', reason: 'one-click' });
      await endpoint.suppression.add({ email: 'other-list@example.org', reason: 'one-click', listId: 'other' });
      const next = await store.suppression.since(start.watermark, 'mine');
      // a backend may hand out a recent entry twice (PostgreSQL reads a little back in time), never miss one
      expect(next.keys.get('late@example.org')).toBe('one-click');
      expect(next.keys.has('other-list@example.org')).toBe(false);
      const after = await store.suppression.since(next.watermark, 'mine');
      expect([...after.keys.keys()].filter((k) => k !== 'late@example.org' && k !== 'early@example.org')).toEqual([]);
    });
  });

  describe(`${name}: the send lease`, () => {
    const alive = () => true;
    it('refuses a second live sender, naming its pid and host', async () => {
      await store.journal.acquireLease('x', DEST, { owner: 'one', pid: 4242, host: 'laptop', isAlive: alive });
      const error = await store.journal.acquireLease('x', DEST, { owner: 'two', pid: 4242, host: 'laptop', isAlive: alive }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SendLockedError);
      expect((error as Error).message).toMatch(/^"x" is being sent already by process 4242 on laptop \(since \d{4}-.*, last heartbeat \d{4}-/);
      expect((error as SendLockedError).holder).toMatchObject({ pid: 4242, host: 'laptop', owner: 'one' });
    });

    it('takes over a lease whose holder surely ended, and says whose it was', async () => {
      // the holder's process ends: its connection closes, its lease row stays behind
      const holder = await fixture.reopen();
      await holder.journal.acquireLease('x', DEST, { owner: 'one', pid: 4242, isAlive: alive });
      await holder.close();
      const lease = await store.journal.acquireLease('x', DEST, { owner: 'two', pid: 5151, isAlive: (h) => h.pid !== 4242 });
      expect(lease.tookOverFrom?.pid).toBe(4242);
      await lease.release();
      expect(await store.journal.leaseHolder('x', DEST)).toBeUndefined();
      expect((await store.journal.acquireLease('x', DEST, { owner: 'three' })).tookOverFrom).toBeUndefined();
    });

    it('a lease expires when its heartbeat stops, and renewing keeps it', async () => {
      let now = 1_000_000;
      const clock = () => now;
      const first = await store.journal.acquireLease('x', DEST, { owner: 'one', ttlMs: 60_000, now: clock, isAlive: alive });
      now += 50_000;
      expect(await first.renew()).toBe(true);
      now += 50_000;
      // renewed 50 s ago: still live
      await expect(store.journal.acquireLease('x', DEST, { owner: 'two', ttlMs: 60_000, now: clock, isAlive: alive })).rejects.toBeInstanceOf(SendLockedError);
      now += 11_000;
      const second = await store.journal.acquireLease('x', DEST, { owner: 'two', ttlMs: 60_000, now: clock, isAlive: alive });
      expect(second.tookOverFrom).toMatchObject({ owner: 'one' });
      // the first one learns it lost the lease at its next heartbeat
      expect(await first.renew()).toBe(false);
      await first.release();
      expect((await store.journal.leaseHolder('x', DEST))?.owner).toBe('two');
    });

    it('breaks a lease only for the holder it was shown', async () => {
      await store.journal.acquireLease('x', DEST, { owner: 'one', isAlive: alive });
      expect(await store.journal.breakLease('x', DEST, 'someone-else')).toBe(false);
      expect(await store.journal.breakLease('x', DEST, 'one')).toBe(true);
      expect(await store.journal.leases()).toEqual([]);
    });

    it('leases are per issue and destination, and status names the running sender', async () => {
      // this process's own owner id: status knows it runs
      const lease = await store.journal.acquireLease('x', DEST);
      await expect(store.journal.acquireLease('y', DEST, { owner: 'two', isAlive: alive })).resolves.toBeDefined();
      await expect(store.journal.acquireLease('x', 'outbox:/tmp/o', { owner: 'two', isAlive: alive })).resolves.toBeDefined();
      expect((await store.journal.status('x', DEST))[0].running?.pid).toBe(process.pid);
      await lease.release();
      expect((await store.journal.status('x', DEST))[0].running).toBeUndefined();
    });
  });
}

/**
 * The journal's listings for `status`, written once and run on both backends
 * (tests/state/sqlite-state.test.ts, tests/state/postgres-state.int.test.ts): the readers
 * in given states page by page, and the late outcomes per destination.
 */
import type { JournalEntry, StateStore } from '../../src/state/types.js';
import type { StateFixture } from './state-suites.js';

const ISSUE = '2020-12-nr34';
const SERVER = 'smtp://127.0.0.1:2525';
const OUTBOX = 'outbox:/tmp/out';
const plan = { mode: 'send' as const, issueHash: 'issue-1', listHash: 'list-1' };

async function collect(listing: AsyncIterable<JournalEntry>): Promise<JournalEntry[]> {
  const found: JournalEntry[] = [];
  for await (const entry of listing) found.push(entry);
  return found;
}

export function journalListingContract(name: string, fresh: () => Promise<StateFixture>): void {
  let store: StateStore;
  beforeEach(async () => {
    store = (await fresh()).store;
  });
  afterEach(async () => {
    await store.close();
  });

  describe(`${name}: readers by outcome, page by page`, () => {
    it('lists the rows in the asked states in address order, across page boundaries, with Message-ID, reply and time', async () => {
      const job = store.journal.job(ISSUE, SERVER);
      await job.beginRun(plan, 25);
      // 25 readers: every third unknown, every fifth failed, the rest sent
      const people = Array.from({ length: 25 }, (_, i) => `r${String(i).padStart(2, '0')}@example.org`);
      await job.addPending(people.map((email) => ({ key: email, email, lang: 'de' })));
      for (const [i, email] of people.entries()) {
        await job.markSending(email, `<${i}@news.example.org>`, 1_000 + i);
        if (i % 3 === 0) await job.markUnknown(email, 'connection lost after the whole message was sent');
        else if (i % 5 === 0) await job.markFailed(email, `550 5.1.1 <${email}>: no such user`, true);
        else await job.markSent(email, '250 ok');
      }
      // another destination's rows never mix in
      const other = store.journal.job(ISSUE, OUTBOX);
      await other.beginRun(plan, 1);
      await other.addPending([{ key: 'r00@example.org', email: 'r00@example.org', lang: 'de' }]);

      const unknown = await collect(store.journal.recipientsIn(ISSUE, SERVER, ['unknown'], { batchSize: 4 }));
      expect(unknown.map((e) => e.email)).toEqual(people.filter((_, i) => i % 3 === 0));
      expect(unknown[1]).toMatchObject({ email: 'r03@example.org', state: 'unknown', messageId: '<3@news.example.org>', reply: 'connection lost after the whole message was sent', handedAt: 1_003 });
      expect(unknown[1].updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

      const failed = await collect(store.journal.recipientsIn(ISSUE, SERVER, ['failed'], { batchSize: 2 }));
      expect(failed.map((e) => e.email)).toEqual(['r05@example.org', 'r10@example.org', 'r20@example.org', 'r25@example.org'].filter((e) => people.includes(e)));
      expect(failed[0]).toMatchObject({ reply: '550 5.1.1 <r05@example.org>: no such user', bounced: true });

      const both = await collect(store.journal.recipientsIn(ISSUE, SERVER, ['unknown', 'failed']));
      expect(both.map((e) => e.email)).toEqual(people.filter((_, i) => i % 3 === 0 || i % 5 === 0));
      expect(await collect(store.journal.recipientsIn(ISSUE, SERVER, ['sending']))).toEqual([]);
      expect(await collect(store.journal.recipientsIn('never-sent', SERVER, ['unknown']))).toEqual([]);
    });

    it('a page exactly full ends the listing with one more, empty read', async () => {
      const job = store.journal.job(ISSUE, SERVER);
      await job.beginRun(plan, 4);
      await job.addPending(['a', 'b', 'c', 'd'].map((n) => ({ key: `${n}@example.org`, email: `${n}@example.org`, lang: 'de' })));
      expect((await collect(store.journal.recipientsIn(ISSUE, SERVER, ['pending'], { batchSize: 2 }))).map((e) => e.key)).toEqual(['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org']);
    });
  });

  describe(`${name}: late outcomes per destination`, () => {
    it('counts what bounce processing recorded after the hand-over, per destination, every outcome present', async () => {
      const job = store.journal.job(ISSUE, SERVER);
      await job.beginRun(plan, 5);
      const people = ['a', 'b', 'c', 'd', 'e'].map((n) => `${n}@example.org`);
      await job.addPending(people.map((email) => ({ key: email, email, lang: 'de' })));
      for (const [i, email] of people.entries()) {
        await job.markSending(email, `<late-${i}@news.example.org>`, 1_000 + i);
        await job.markSent(email, '250 ok');
      }
      expect(await store.journal.lateOutcomes(ISSUE)).toEqual([]);
      await store.journal.recordLateOutcome('<late-0@news.example.org>', { outcome: 'bounced', status: '5.1.1' });
      await store.journal.recordLateOutcome('late-1@news.example.org', { outcome: 'bounced', status: '5.1.1' });
      await store.journal.recordLateOutcome('<late-2@news.example.org>', { outcome: 'complained' });
      await store.journal.recordLateOutcome('<late-3@news.example.org>', { outcome: 'soft_bounced', status: '4.2.2' });
      expect(await store.journal.lateOutcomes(ISSUE)).toEqual([{ destination: SERVER, counts: { bounced: 2, soft_bounced: 1, complained: 1, delayed: 0 } }]);
      expect(await store.journal.lateOutcomes('another-issue')).toEqual([]);
    });
  });
}

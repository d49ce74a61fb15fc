import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateSqliteToPostgres } from '../../src/state/migrate-to-postgres.js';
import { openPostgresStore } from '../../src/state/postgres/store.js';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import type { StateStore } from '../../src/state/types.js';
import { usePostgres } from '../helpers/postgres.js';

const server = usePostgres();
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** An SQLite state with two jobs of 7 and 5 readers (some sent, one failed) and 5 suppressions, two of them per list. */
async function sqliteState(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-migrate-'));
  folders.push(dir);
  const state = openSqliteStore(dir);
  try {
    for (const [issue, readers] of [['2020-11-nr33', 7], ['2020-12-nr34', 5]] as const) {
      const job = state.journal.job(issue, 'smtp://mail.example.org:587');
      await job.beginRun({ mode: 'send', issueHash: `i-${issue}`, listHash: 'l' }, readers);
      await job.addPending(Array.from({ length: readers }, (_, i) => ({ key: `r${i}@example.org`, email: `R${i}@example.org`, lang: i % 2 ? 'de' : 'en' })));
      for (let i = 0; i < readers - 2; i++) {
        await job.markSending(`r${i}@example.org`, `<m${i}.${issue}@example.org>`, 1_700_000_000_000 + i);
        await job.markSent(`r${i}@example.org`, '250 ok');
      }
      await job.markSending(`r${readers - 2}@example.org`, `<f.${issue}@example.org>`, 1_700_000_000_100);
      await job.markFailed(`r${readers - 2}@example.org`, '550 5.1.1 no such user', true);
    }
    // a's list entry first: a later global entry is added beside it
    await state.suppression.add({ email: 'a@example.org', reason: 'one-click', listId: 'list-b', source: 'endpoint' });
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) await state.suppression.add({ email, reason: 'bounced', detail: '5.1.1', source: 'bounce' });
    await state.suppression.add({ email: 'd@example.org', reason: 'one-click', listId: 'list-a', source: 'endpoint' });
  } finally {
    await state.close();
  }
  return dir;
}

async function withDatabase<T>(url: string, use: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await openPostgresStore(url);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

test('batches smaller than a table copy every row once, and the copy reads the same as the SQLite state', async () => {
  const dir = await sqliteState();
  const url = await server.createDatabase();
  const result = await migrateSqliteToPostgres(dir, url, { batchSize: 2 });
  expect(result).toMatchObject({ outcome: 'copied', copied: { suppression: 5, runs: 2, journalRows: 12 }, alreadyThere: { suppression: 0, runs: 0, journalRows: 0 } });

  const source = openSqliteStore(dir);
  try {
    await withDatabase(url, async (target) => {
      expect(await target.suppression.list()).toEqual(await source.suppression.list());
      for (const issue of ['2020-11-nr33', '2020-12-nr34']) {
        const [here] = await source.journal.status(issue);
        const [there] = await target.journal.status(issue);
        expect({ ...there, lastRun: { ...there.lastRun, id: 0 } }).toEqual({ ...here, lastRun: { ...here.lastRun, id: 0 } });
        for (const state of ['sent', 'failed', 'pending'] as const) {
          expect(await target.journal.job(issue, 'smtp://mail.example.org:587').entries(state)).toEqual(await source.journal.job(issue, 'smtp://mail.example.org:587').entries(state));
        }
      }
      // the next run of the same job goes on from the copied generation
      const next = await target.journal.job('2020-12-nr34', 'smtp://mail.example.org:587').beginRun({ mode: 'resend', issueHash: 'i', listHash: 'l' }, 5);
      expect(next.generation).toBe(2);
    });
  } finally {
    await source.close();
  }

  // the resend above went on in the database: the state is no longer what the database holds
  const again = await migrateSqliteToPostgres(dir, url, { batchSize: 3 });
  expect(again).toMatchObject({ outcome: 'different', differenceCount: 6 });
  expect(again.outcome === 'different' && again.differences.slice(0, 2)).toEqual([
    { table: 'send_run', issueId: '2020-12-nr34', destination: 'smtp://mail.example.org:587', column: 'runs', here: 1, there: 2 },
    { table: 'send_recipient', issueId: '2020-12-nr34', destination: 'smtp://mail.example.org:587', email: 'R0@example.org', column: 'state', here: 'sent', there: 'pending' },
  ]);
});

test('every difference is counted, the first ones kept, and nothing is written', async () => {
  const dir = await sqliteState();
  const url = await server.createDatabase();
  await withDatabase(url, async (target) => {
    await target.suppression.add({ email: 'b@example.org', reason: 'unsubscribed', source: 'endpoint' });
    await target.suppression.add({ email: 'c@example.org', reason: 'bounced', detail: '5.2.2 mailbox full', source: 'bounce' });
  });
  const result = await migrateSqliteToPostgres(dir, url, { batchSize: 2, maxDifferences: 1 });
  expect(result).toMatchObject({
    outcome: 'different',
    differenceCount: 2,
    differences: [{ table: 'suppression', email: 'b@example.org', column: 'reason', here: 'bounced', there: 'unsubscribed' }],
  });
  await withDatabase(url, async (target) => {
    expect((await target.info()).counts).toEqual({ suppressed: 2, journalRows: 0, runs: 0, leases: 0 });
  });
});

/**
 * The plan tables of the state, written once and run against every backend: SQLite
 * (tests/state/plan-store-sqlite.test.ts) and PostgreSQL (tests/state/plan-store-postgres.int.test.ts).
 * What keeps a send flat in memory is proved here by behaviour: duplicates found by the
 * database across batches, decisions made by SQL against the suppression list and the
 * journal, the cursor read page by page, the rows gone when the plan is dropped.
 */
import type { PlanRowInput, PlanTable } from '../../src/state/plan-types.js';
import type { StateStore } from '../../src/state/types.js';
import type { StateFixture } from './state-suites.js';

const ISSUE = '2020-12-nr34';
const DEST = 'smtp://127.0.0.1:2525';

function row(line: number, email: string, lang = 'de'): PlanRowInput {
  return { line, key: email.toLowerCase(), email, lang, data: JSON.stringify({ name: `Reader ${line}` }) };
}

async function all(table: PlanTable, decision: Parameters<PlanTable['rows']>[0]['decision'], lang?: string): Promise<string[]> {
  const found: string[] = [];
  for (let after = 0; ; ) {
    const page = await table.rows({ decision, ...(lang ? { lang } : {}) }, after, 2);
    if (page.length === 0) return found;
    found.push(...page.map((r) => `${r.line}:${r.key}`));
    after = page[page.length - 1].line;
  }
}

export function planContract(name: string, fresh: () => Promise<StateFixture>): void {
  let fixture: StateFixture;
  let store: StateStore;
  beforeEach(async () => {
    fixture = await fresh();
    store = fixture.store;
  });
  afterEach(async () => {
    await store.close();
  });

  describe(`${name}: send plans in the state`, () => {
    it('finds duplicates across batches by the database, naming the first line; keeps the first row', async () => {
      const table = await store.plans.create(ISSUE, DEST, 'send');
      expect(await table.add([row(2, 'Anna@example.org'), row(3, 'ben@example.org')])).toEqual([]);
      expect(await table.add([row(5, 'anna@example.org'), row(6, 'chloe@example.org'), row(7, 'BEN@example.org')])).toEqual([
        { line: 5, key: 'anna@example.org', firstLine: 2 },
        { line: 7, key: 'ben@example.org', firstLine: 3 },
      ]);
      await table.decide({ mode: 'send' });
      const rows = await table.rows({ decision: 'send' }, 0, 10);
      expect(rows.map((r) => `${r.line}:${r.email}`)).toEqual(['2:Anna@example.org', '3:ben@example.org', '6:chloe@example.org']);
      expect(JSON.parse(rows[0].data)).toEqual({ name: 'Reader 2' });
    });

    it('decides by SQL: suppression first (bounced apart), then --lang, then the journal', async () => {
      await store.suppression.add({ email: 'anna@example.org', reason: 'one-click' });
      await store.suppression.add({ email: 'ben@example.org', reason: 'bounced' });
      await store.suppression.add({ email: 'dora@example.org', reason: 'manual', listId: 'other-list' });
      await store.suppression.add({ email: 'emil@example.org', reason: 'manual', listId: 'our-list' });
      const job = store.journal.job(ISSUE, DEST);
      await job.beginRun({ mode: 'send', issueHash: 'i', listHash: 'l' }, 3);
      await job.addPending(['gina@example.org', 'hans@example.org', 'ida@example.org'].map((email) => ({ key: email, email, lang: 'de' })));
      await job.markSending('gina@example.org', '<g@x>', 1);
      await job.markSent('gina@example.org', '250 ok');
      await job.markSending('hans@example.org', '<h@x>', 2);
      await job.markUnknown('hans@example.org', 'lost');
      await job.markSending('ida@example.org', '<i@x>', 3); // left in sending: counts as unknown

      const table = await store.plans.create(ISSUE, DEST, 'send');
      await table.add(
        ['anna', 'ben', 'chloe', 'dora', 'emil', 'fritz', 'gina', 'hans', 'ida', 'jana'].map((who, i) => row(i + 2, `${who}@example.org`, who === 'fritz' ? 'en' : 'de')),
      );
      const decided = async (input: Parameters<PlanTable['decide']>[0]) => {
        await table.decide(input);
        const counts = await table.counts();
        return Object.fromEntries(Object.entries(counts.decisions).filter(([, n]) => n > 0));
      };
      expect(await decided({ mode: 'send', listId: 'our-list' })).toEqual({ send: 4, unsubscribed: 2, bounced: 1, already_sent: 1, unknown: 2 });
      expect(await all(table, 'send')).toEqual(['4:chloe@example.org', '5:dora@example.org', '7:fritz@example.org', '11:jana@example.org']);
      expect(await all(table, 'unknown')).toEqual(['9:hans@example.org', '10:ida@example.org']);
      expect((await table.rows({ decision: 'unknown' }, 0, 5)).map((r) => r.messageId)).toEqual(['<h@x>', '<i@x>']);
      // without a list id every entry counts
      expect(await decided({ mode: 'send' })).toMatchObject({ unsubscribed: 3 });
      expect(await decided({ mode: 'send', listId: 'our-list', lang: 'de' })).toEqual({ send: 3, unsubscribed: 2, bounced: 1, other_language: 1, already_sent: 1, unknown: 2 });
      expect(await decided({ mode: 'resend', listId: 'our-list' })).toEqual({ send: 7, unsubscribed: 2, bounced: 1 });
      expect(await decided({ mode: 'resend-unknown', listId: 'our-list' })).toEqual({ send: 2, unsubscribed: 2, bounced: 1, already_sent: 1, pending: 4 });
      expect((await table.rows({ decision: 'send' }, 0, 5)).map((r) => `${r.key}${r.messageId}`)).toEqual(['hans@example.org<h@x>', 'ida@example.org<i@x>']);
      expect((await table.counts()).languages).toEqual({ de: 2 });
    });

    it('decides again after an unsubscribe recorded meanwhile, from another connection', async () => {
      const table = await store.plans.create(ISSUE, DEST, 'send');
      await table.add([row(2, 'anna@example.org'), row(3, 'ben@example.org', 'en')]);
      await table.decide({ mode: 'send' });
      expect((await table.counts()).languages).toEqual({ de: 1, en: 1 });
      const other = await fixture.reopen();
      await other.suppression.add({ email: 'ben@example.org', reason: 'one-click' });
      await other.close();
      await table.decide({ mode: 'send' });
      expect(await table.counts()).toMatchObject({ decisions: { send: 1, unsubscribed: 1 }, languages: { de: 1 } });
      expect(await all(table, 'send', 'en')).toEqual([]);
      expect(await all(table, 'send', 'de')).toEqual(['2:anna@example.org']);
    });

    it('puts the readers to send into the journal as pending, keeping rows it has', async () => {
      const job = store.journal.job(ISSUE, DEST);
      await job.beginRun({ mode: 'send', issueHash: 'i', listHash: 'l' }, 2);
      await job.addPending([{ key: 'anna@example.org', email: 'anna@example.org', lang: 'de' }]);
      await job.markPending('anna@example.org', '451 later');
      const table = await store.plans.create(ISSUE, DEST, 'send');
      await table.add([row(2, 'anna@example.org'), row(3, 'ben@example.org', 'en')]);
      await table.decide({ mode: 'send' });
      await table.addToJournal();
      expect(await job.entry('anna@example.org')).toMatchObject({ state: 'pending', reply: '451 later' });
      expect(await job.entry('ben@example.org')).toMatchObject({ state: 'pending', lang: 'en', email: 'ben@example.org' });
      expect(await job.summary()).toMatchObject({ recipients: 2, pending: 2 });
    });

    it('drops a plan with its rows; left-over send plans of the job and old plans of any job go at the next start', async () => {
      const done = await store.plans.create(ISSUE, DEST, 'send');
      await done.add([row(2, 'anna@example.org')]);
      await done.drop();
      await done.drop();
      expect(await store.plans.rowCount()).toBe(0);

      const killed = await store.plans.create(ISSUE, DEST, 'send');
      await killed.add([row(2, 'anna@example.org'), row(3, 'ben@example.org')]);
      const dryRun = await store.plans.create(ISSUE, DEST, 'dry-run');
      await dryRun.add([row(2, 'anna@example.org')]);
      const elsewhere = await store.plans.create(ISSUE, 'outbox:/tmp/x', 'send');
      await elsewhere.add([row(2, 'anna@example.org')]);
      expect(await store.plans.rowCount()).toBe(4);
      expect(await store.plans.removeLeftOver(ISSUE, DEST)).toBe(1);
      expect(await store.plans.rowCount()).toBe(2);
      // older than the limit: any job, any kind
      expect(await store.plans.removeLeftOver('another-issue', DEST, -1)).toBe(2);
      expect(await store.plans.rowCount()).toBe(0);
    });

    it('looks up a batch of addresses on the suppression list in one call', async () => {
      await store.suppression.add({ email: 'anna@example.org', reason: 'one-click', listId: 'our-list' });
      await store.suppression.add({ email: 'anna@example.org', reason: 'bounced' });
      await store.suppression.add({ email: 'ben@example.org', reason: 'manual', listId: 'other-list' });
      expect(await store.suppression.lookup(['anna@example.org', 'ben@example.org', 'chloe@example.org'], 'our-list')).toEqual(new Map([['anna@example.org', 'bounced']]));
      expect(await store.suppression.lookup(['ben@example.org', 'chloe@example.org'])).toEqual(new Map([['ben@example.org', 'manual']]));
      expect(await store.suppression.lookup([])).toEqual(new Map());
    });
  });
}

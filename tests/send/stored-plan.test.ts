/**
 * A plan kept in the state: what keeps a send flat in memory, proved by behaviour on a real
 * SQLite state (the PostgreSQL side of the tables: tests/state/plan-store-postgres.int.test.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverIssue } from '../../src/send/deliver.js';
import { openDeliveryJob } from '../../src/send/delivery-job.js';
import { openSend, planDryRun } from '../../src/send/prepare-send.js';
import type { IssueSet } from '../../src/issue/types.js';
import { planDelivery, summarizePlan } from '../../src/send/plan.js';
import { makeStoredPlan, type StoredPlanInput } from '../../src/send/stored-plan.js';
import { createRecordingTransport } from '../../src/send/transport-recording.js';
import type { PlannedRecipient } from '../../src/send/types.js';
import { readSubscriberList } from '../../src/subscribers/read-subscriber-list.js';
import { composer, ISSUE, newMessageId, tempState, type TempState } from '../helpers/deliver-fixtures.js';

const DEST = 'smtp://relay.example.org:587';
const dir = mkdtempSync(join(tmpdir(), 'newsletter-stored-plan-'));
let n = 0;
function csv(lines: string[]): string {
  const file = join(dir, `list-${++n}.csv`);
  writeFileSync(file, ['email;name;language;city', ...lines].join('\n') + '\n');
  return file;
}

let state: TempState;
beforeEach(() => {
  state = tempState();
});
afterEach(async () => {
  await state.close();
});

const input = (file: string, extra: Partial<StoredPlanInput> = {}): StoredPlanInput => ({
  plans: state.store.plans,
  issueId: ISSUE,
  destination: DEST,
  kind: 'send',
  list: { file },
  languages: ['de', 'en'],
  defaultLanguage: 'de',
  mode: 'send',
  issueHash: 'issue-1',
  batchSize: 3,
  ...extra,
});

async function all(recipients: AsyncIterable<PlannedRecipient>): Promise<PlannedRecipient[]> {
  const found: PlannedRecipient[] = [];
  for await (const r of recipients) found.push(r);
  return found;
}

describe('makeStoredPlan', () => {
  test('decides like planDelivery: the same readers, languages, skips and counts, duplicates found across batches', async () => {
    await state.store.suppression.add({ email: 'emil@example.org', reason: 'one-click' });
    const file = csv([
      'anna@example.org;Anna;de;Köln',
      'ben@example.org;Ben;en-GB;Leeds',
      'not-an-address;X;;',
      'chloe@example.org;Chloe;pt-BR;',
      'dora@example.org;Dora;;Bonn',
      'ANNA@example.org;Anna again;;',
      'emil@example.org;Emil;en;',
      'ben@example.org;Ben again;;',
    ]);
    const stored = await makeStoredPlan(input(file, { onReader: () => undefined }));
    const list = await readSubscriberList(file);
    const memory = planDelivery({ issueId: ISSUE, languages: ['de', 'en'], list, suppressed: new Map([['emil@example.org', 'one-click']]), journal: { sent: new Set(), unknown: new Map() }, defaultLanguage: 'de', mode: 'send', destination: DEST, issueHash: 'issue-1', listHash: list.contentHash });
    const summary = summarizePlan(memory);
    expect(stored.summary).toEqual({ ...summary, examples: { ...summary.examples, skipped: stored.summary.examples.skipped, recipients: { de: ['anna@example.org', 'chloe@example.org', 'dora@example.org'], en: ['ben@example.org'] } } });
    expect(stored.summary.examples.skipped.map((s) => `${s.line}:${s.reason}${s.firstLine ? `<${s.firstLine}` : ''}`)).toEqual(['4:invalid', '7:duplicate<2', '8:unsubscribed', '9:duplicate<3']);
    expect(stored.listHash).toBe(list.contentHash);
    expect(stored.list).toEqual({ file, rows: 8, columns: ['email', 'name', 'language', 'city'] });
    const recipients = await all(stored.cursor());
    expect(recipients.map((r) => `${r.subscriber.line}:${r.subscriber.key}:${r.lang}`)).toEqual(memory.recipients.map((r) => `${r.subscriber.line}:${r.subscriber.key}:${r.lang}`));
    // the reader comes back from the state as the list reader made it
    expect(recipients[0].subscriber).toEqual({ ...list.subscribers[0], fields: { ...list.subscribers[0].fields } });
    expect(recipients[0].subscriber.fields).toMatchObject({ name: 'Anna', city: 'Köln', email: 'anna@example.org' });
    await stored.drop();
  });

  test('keeps at most 20 examples per reason, counting them all', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 45; i++) lines.push(`r${i}@example.org;R;;`, `bad-${i};B;;`, `R${i}@EXAMPLE.org;dup;;`);
    for (let i = 1; i <= 30; i++) await state.store.suppression.add({ email: `r${i}@example.org`, reason: 'bounced' });
    const stored = await makeStoredPlan(input(csv(lines), { batchSize: 7 }));
    expect(stored.summary.skipped).toMatchObject({ invalid: 45, duplicate: 45, bounced: 30 });
    expect(stored.summary.recipients).toBe(15);
    const per = (reason: string) => stored.summary.examples.skipped.filter((s) => s.reason === reason);
    expect(per('invalid')).toHaveLength(20);
    expect(per('duplicate')).toHaveLength(20);
    expect(per('bounced').map((s) => s.line)).toEqual(Array.from({ length: 20 }, (_, i) => 2 + 3 * i));
    expect(per('duplicate').map((s) => s.firstLine)).toEqual(Array.from({ length: 20 }, (_, i) => 2 + 3 * i));
    await stored.drop();
  });

  test('refresh decides again against unsubscribes recorded meanwhile; drop removes every row', async () => {
    const stored = await makeStoredPlan(input(csv(['anna@example.org;A;;', 'ben@example.org;B;;'])));
    expect(await state.store.plans.rowCount()).toBe(2);
    await state.store.suppression.add({ email: 'ben@example.org', reason: 'one-click' });
    await stored.refresh();
    expect(stored.summary).toMatchObject({ recipients: 1, skipped: { unsubscribed: 1 } });
    await stored.drop();
    expect(await state.store.plans.rowCount()).toBe(0);
  });

  test('a list that fails to read leaves no plan behind', async () => {
    const file = join(dir, 'no-email.csv');
    writeFileSync(file, 'name\nAnna\n');
    await expect(makeStoredPlan(input(file))).rejects.toThrow('has no email column');
    expect(await state.store.plans.rowCount()).toBe(0);
  });
});

describe('a delivery job with its plan in the state', () => {
  test('delivers from the cursor in line order, journals every reader once, and a resume skips who got it', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `reader${i + 1}@example.org;Reader ${i + 1};;`);
    const file = csv(lines);
    const transport = createRecordingTransport({ destination: DEST, answer: (m) => (m.envelope.to === 'reader700@example.org' ? { failure: { responseCode: 421, response: '421 busy', handedOver: false, message: 'busy' } } : undefined) });
    const send = async () => {
      const job = await openDeliveryJob({ state: state.store, issueId: ISSUE, destination: DEST, issueHash: 'issue-1', mode: 'send' });
      const plan = await job.plan({ list: { file }, languages: ['de'], defaultLanguage: 'de' });
      try {
        return await deliverIssue(plan, { transport, journal: state.journal, job, compose: composer(), newMessageId, concurrency: 3, retry: { firstDelayMs: 1, maxAttempts: 1, maxTotalMs: 1 } });
      } finally {
        await plan.drop();
        await job.close();
      }
    };
    const first = await send();
    expect(first).toMatchObject({ recipients: 1200, sent: 1199, pending: 1 });
    expect(transport.delivered.slice(0, 3).map((m) => m.envelope.to)).toEqual(['reader1@example.org', 'reader2@example.org', 'reader3@example.org']);
    expect(await state.store.plans.rowCount()).toBe(0);
    const second = await send();
    expect(second).toMatchObject({ recipients: 1, sent: 0, pending: 1, skipped: { already_sent: 1199 } });
    expect(new Set(transport.delivered.map((m) => m.envelope.to)).size).toBe(1199);
  });

  test('a plan a killed send left is removed when the next send of the job opens', async () => {
    const left = await makeStoredPlan(input(csv(['anna@example.org;A;;'])));
    expect(await state.store.plans.rowCount()).toBe(1);
    const job = await openDeliveryJob({ state: state.store, issueId: ISSUE, destination: DEST, issueHash: 'issue-1', mode: 'send' });
    expect(await state.store.plans.rowCount()).toBe(0);
    await job.close();
    await left.drop();
  });

  test('a changed list is refused once its hash is known, and the plan is gone', async () => {
    const file = csv(['anna@example.org;A;;']);
    const job = await openDeliveryJob({ state: state.store, issueId: ISSUE, destination: DEST, issueHash: 'issue-1', mode: 'send' });
    await job.journal.beginRun({ mode: 'send', issueHash: 'issue-1', listHash: 'an-older-list' }, 1);
    await expect(job.plan({ list: { file }, languages: ['de'], defaultLanguage: 'de' })).rejects.toThrow('the subscriber list changed');
    expect(await state.store.plans.rowCount()).toBe(0);
    await job.close();
  });
});

describe('openSend and planDryRun with a list file', () => {
  const issueSet = { id: ISSUE, issues: [{ lang: 'de', contentHash: 'de-1' }, { lang: 'en', contentHash: 'en-1' }] } as unknown as IssueSet;

  test('plan in the state, decided after recovery; close() removes the rows and gives the lease back', async () => {
    const file = csv(['anna@example.org;A;en;', 'ben@example.org;B;;', 'ANNA@example.org;A2;;']);
    const request = { issueSet, list: { file }, defaultLanguage: 'de', destination: DEST };
    const dry = await planDryRun(state.store, request);
    expect(dry.plan.summary).toMatchObject({ recipients: 2, languages: { en: 1, de: 1 }, skipped: { duplicate: 1 } });
    expect(dry.changed).toEqual([]);
    await dry.close();
    expect(await state.store.plans.rowCount()).toBe(0);

    const prepared = await openSend(state.store, request);
    expect(await state.store.plans.rowCount()).toBe(2);
    expect(prepared.plan.summary.examples.recipients).toEqual({ en: ['anna@example.org'], de: ['ben@example.org'] });
    await prepared.close();
    expect(await state.store.plans.rowCount()).toBe(0);
    expect(await state.journal.leaseHolder(ISSUE, DEST)).toBeUndefined();
  });
});

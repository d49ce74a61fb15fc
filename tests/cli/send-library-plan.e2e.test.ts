/**
 * One owner of a send's start-up (issue 9, item 3): a script calling the send stage
 * (`openSend`) and the CLI's `send` make the same plan from the same interrupted journal —
 * the reader left in *sending* becomes unknown and is held back, the one already sent is
 * skipped, the rest are mailed.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { loadIssueSet } from '../../src/issue/load-issue.js';
import { openSend, type SendRequest } from '../../src/send/prepare-send.js';
import { chooseTarget } from '../../src/send/target.js';
import { outboxFileName } from '../../src/send/transport-outbox.js';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import { readSubscriberList } from '../../src/subscribers/read-subscriber-list.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

const READERS = ['anna@example.org', 'ben@example.org', 'carla@example.org', 'dan@example.org', 'eve@example.org'];
const csv = ['email,first_name,language', ...READERS.map((email, i) => `${email},R${i},${i % 2 ? 'en' : 'de'}`), ''].join('\n');

let dir: string;
let scratch: string;
beforeAll(() => {
  dir = exampleProject(csv);
  scratch = mkdtempSync(join(tmpdir(), 'newsletter-library-plan-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

async function requestFor(outbox: string): Promise<SendRequest> {
  const config = loadConfig({ near: join(dir, ISSUE) }).value!;
  const issueSet = (await loadIssueSet(join(dir, ISSUE), config)).value!;
  const list = await readSubscriberList(join(dir, 'readers.csv'), { columns: config.subscribers?.columns });
  const destination = chooseTarget(config, issueSet.id, { outbox }).transport.destination;
  return { issueSet, list, defaultLanguage: config.default_language, ...(config.list_id ? { listId: config.list_id } : {}), destination };
}

test('a library caller and the CLI plan the same for the same interrupted row', async () => {
  const outbox = join(scratch, 'outbox');
  const request = await requestFor(outbox);
  // a run that died: ben handed over (sent), carla in *sending* when the process ended
  const first = join(scratch, 'state-cli');
  const setup = openSqliteStore(first);
  const dead = await openSend(setup, request);
  await dead.job.journal.beginRun({ mode: 'send', issueHash: dead.plan.issueHash, listHash: dead.plan.listHash }, READERS.length);
  await dead.job.journal.addPending(READERS.map((email) => ({ key: email, email, lang: 'de' })));
  await dead.job.journal.markSending('ben@example.org', '<ben-1@example.org>', Date.now());
  await dead.job.journal.markSent('ben@example.org', '250 ok');
  await dead.job.journal.markSending('carla@example.org', '<carla-1@example.org>', Date.now());
  await dead.close();
  await setup.close();
  const second = join(scratch, 'state-library');
  cpSync(first, second, { recursive: true });

  // the library, on one copy of that state
  const store = openSqliteStore(second);
  const prepared = await openSend(store, request);
  await prepared.close();
  await store.close();
  expect(prepared.job.recovered).toEqual(['carla@example.org']);

  // the CLI, on the other
  const cli = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--outbox', outbox, '--yes', '--json'], { NEWSLETTER_STATE_DIR: first });
  expect(cli.stderr).toContain('1 reader was left in "sending" by an interrupted run');
  expect(cli.code).toBe(1); // an unknown outcome stays open until --resend-unknown settles it
  const report = JSON.parse(cli.stdout);

  const libraryMailed = prepared.plan.recipients.map((r) => r.subscriber.email).sort();
  expect(libraryMailed).toEqual(['anna@example.org', 'dan@example.org', 'eve@example.org']);
  expect(readdirSync(outbox).sort()).toEqual(libraryMailed.map(outboxFileName).sort());
  expect(prepared.plan.heldBack).toMatchObject([{ email: 'carla@example.org', state: 'unknown', messageId: '<carla-1@example.org>' }]);
  expect(report).toMatchObject({ sent: libraryMailed.length, unknown: 1, recipients: READERS.length - 1, skipped: { already_sent: 1 } });
});

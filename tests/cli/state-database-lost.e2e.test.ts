/**
 * The PostgreSQL server goes down in the middle of a send, the way a crash or a restart of
 * the database machine does: the send stops with one message and exit 1, a send started
 * meanwhile is refused the same way, and once the server is back the send resumed from
 * another folder loses nobody and mails nobody twice beyond the messages that were in
 * flight (settled with --resend-unknown, as the report says).
 */
import { rmSync } from 'node:fs';
import { hasStackTrace, type CliResult } from '../helpers/cli.js';
import { pgRows, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { ISSUE, newsletter, numberedReadersProject } from '../helpers/send-fixtures.js';
import { sinksClosedAfterEach } from '../helpers/smtp-sink.js';

const READERS = 40;
const CONCURRENCY = 2;
const startSink = sinksClosedAfterEach();
let server: TestPostgres;
const folders: string[] = [];
beforeAll(async () => {
  // the test server's synchronous_commit=off: the state's own sessions must ask for synchronous
  // commits, or the crash below takes back the journal's last "sending" marks
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = numberedReadersProject(READERS);
  folders.push(dir);
  return dir;
}

function expectOneStateError(result: CliResult, message: RegExp): void {
  expect({ code: result.code, errors: result.stderr.match(/^error: .*$/gm) }).toEqual({ code: 1, errors: [expect.stringMatching(message)] });
  expect(result.stderr).toMatch(/^ {2}hint: /m);
  expect(hasStackTrace(result.stderr + result.stdout)).toBe(false);
  expect(result.stderr + result.stdout).not.toContain(server.password);
}

const GONE = '(the state database cannot be reached|the connection to the state database was lost) \\(postgres://newsletter_admin:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/\\w+\\)';

test('the state database goes down mid-send: one message, exit 1; back again, the send resumed from another folder loses nobody and mails nobody twice beyond those in flight', async () => {
  const url = await server.createDatabase();
  const env = { NEWSLETTER_DATABASE_URL: url };
  const sink = await startSink({ replyDelayMs: 50 });
  const args = ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', String(CONCURRENCY)];
  const [one, other] = [project(), project()];

  const first = newsletter(one, args, env);
  const until = Date.now() + 60_000;
  while (sink.messages.length < 5 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  await server.pause();
  const stopped = await first;
  expectOneStateError(stopped, new RegExp(`^error: the send stopped: ${GONE}: .* \\(\\d+ sent in this run, \\d+ with an unknown outcome\\)$`));
  expect(sink.messages.length).toBeLessThan(READERS);

  // while it is down, a send from the other folder is refused before anything goes out
  const before = sink.messages.length;
  expectOneStateError(await newsletter(other, args, env), new RegExp(`^error: ${GONE}: `));
  expect(sink.messages).toHaveLength(before);

  await server.resume();
  const resumed = await newsletter(other, args, env);
  const unknown = Number((await pgRows<{ n: string }>(url, "SELECT count(*) AS n FROM send_recipient WHERE state = 'unknown'"))[0].n);
  // the messages in flight when the database went away, at most one per connection
  expect(unknown).toBeLessThanOrEqual(CONCURRENCY);
  expect({ code: resumed.code, errors: resumed.stderr.match(/^error: .*$/gm) }).toEqual({ code: unknown > 0 ? 1 : 0, errors: null });
  if (unknown > 0) expect((await newsletter(one, [...args, '--resend-unknown'], env)).code).toBe(0);

  const copies = sink.copiesByRecipient();
  expect(Array.from({ length: READERS }, (_, i) => `reader${i + 1}@example.org`).filter((r) => !copies.has(r))).toEqual([]);
  expect([...copies.values()].reduce((sum, n) => sum + n - 1, 0)).toBeLessThanOrEqual(CONCURRENCY);
  const status = await newsletter(one, ['status', ISSUE, '--json'], env);
  expect(JSON.parse(status.stdout)).toMatchObject({ recipients: READERS, sent: READERS, unknown: 0, pending: 0 });
}, 120_000);

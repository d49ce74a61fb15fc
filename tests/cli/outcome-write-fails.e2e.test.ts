/**
 * The outcome of a message the server accepted cannot be written (the database server's
 * disk filled up, SQLSTATE 53100, raised by a trigger for one reader): the real CLI stops
 * with one message and exit 1, that reader counts as unknown, and a resumed send — from
 * another folder on the same PostgreSQL — never hands their message over a second time.
 * The library-level twin on SQLite is tests/send/deliver-journal-failure.int.test.ts.
 */
import { rmSync } from 'node:fs';
import { openPostgresStore } from '../../src/state/postgres/store.js';
import { hasStackTrace } from '../helpers/cli.js';
import { pgRows, usePostgres } from '../helpers/postgres.js';
import { ISSUE, newsletter, numberedReadersProject } from '../helpers/send-fixtures.js';
import { sinksClosedAfterEach } from '../helpers/smtp-sink.js';

const READERS = 8;
const STRUCK = 'reader3@example.org';
const server = usePostgres();
const startSink = sinksClosedAfterEach();
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = numberedReadersProject(READERS);
  folders.push(dir);
  return dir;
}


test.each([
  // the "sent" mark fails, the "unknown" one that follows it succeeds
  ['the "sent" mark fails', "NEW.state = 'sent'", 'unknown'],
  // the disk stays full: the row stays "sending", which the next start turns into unknown
  ['every outcome mark fails', "NEW.state <> 'sending'", 'sending'],
])('PostgreSQL, %s after the hand-over: exit 1 with one message, and the resumed send never mails that reader again', async (_name, when, leftAs) => {
  const url = await server.createDatabase();
  await (await openPostgresStore(url)).close();
  await pgRows(
    url,
    `CREATE FUNCTION refuse_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'could not extend file "base/16384/16402": No space left on device' USING ERRCODE = '53100'; END $$;
     CREATE TRIGGER refuse_outcome BEFORE UPDATE OF state ON send_recipient
       FOR EACH ROW WHEN (NEW.email_key = '${STRUCK}' AND ${when}) EXECUTE FUNCTION refuse_outcome();`,
  );
  const sink = await startSink();
  const env = { NEWSLETTER_DATABASE_URL: url };
  const args = ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', '1'];

  const stopped = await newsletter(project(), args, env);
  expect({ code: stopped.code, errors: stopped.stderr.match(/^error: .*$/gm) }).toEqual({
    code: 1,
    errors: [expect.stringMatching(/^error: the send stopped: the disk holding the state is full \(postgres:\/\/newsletter_admin:\*\*\*@127\.0\.0\.1:\d+\/\w+\): .*No space left on device \(SQLSTATE 53100\) \(2 sent in this run, 1 with an unknown outcome\)$/)],
  });
  expect(stopped.stderr).toContain('hint: ');
  expect(hasStackTrace(stopped.stderr)).toBe(false);
  expect(stopped.stderr).not.toContain(server.password);
  // the run stopped at the reader whose outcome it could not write
  expect(sink.messages.map((m) => m.to[0])).toEqual(['reader1@example.org', 'reader2@example.org', STRUCK]);
  expect(await pgRows(url, `SELECT state FROM send_recipient WHERE email_key = '${STRUCK}'`)).toEqual([{ state: leftAs }]);

  // the disk has room again; the send is resumed from another machine
  await pgRows(url, 'DROP TRIGGER refuse_outcome ON send_recipient');
  const resumed = await newsletter(project(), args, env);
  // the unknown outcome is held back, and said so (exit 1 until it is settled)
  expect(resumed.code).toBe(1);
  expect(resumed.stdout).toContain('  unknown   1 (the message went out, but no answer was written down: the connection, the run or the state failed first)');
  expect(resumed.stdout).toContain('1 reader may or may not have the mail');
  expect(await pgRows(url, `SELECT state FROM send_recipient WHERE email_key = '${STRUCK}'`)).toEqual([{ state: 'unknown' }]);
  expect(sink.copiesTo(STRUCK)).toBe(1);
  expect(sink.messages).toHaveLength(READERS);
  expect([...sink.copiesByRecipient().values()].every((n) => n === 1)).toBe(true);
}, 120_000);

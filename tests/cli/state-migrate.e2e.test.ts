import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { hasStackTrace, type CliResult } from '../helpers/cli.js';
import { usePostgres } from '../helpers/postgres.js';
import { ISSUE, exampleProject, newsletter, sendAndInterrupt } from '../helpers/send-fixtures.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';

const server = usePostgres();

const READERS = 120;
/** The example config's list: `unsubscribe` in the project records for it. */
const LIST_ID = 'newsletter.example.org';
const csv = ['email,first_name,language', ...Array.from({ length: READERS }, (_, i) => `reader${i}@example.org,R${i},${i % 2 ? 'de' : 'en'}`), ''].join('\n');

/** The database's URL as a user types it: no password (that comes from PGPASSWORD). */
function plain(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** A fresh database, and the environment that reaches it without a password in any argument. */
async function database(): Promise<{ url: string; env: Record<string, string> }> {
  const url = plain(await server.createDatabase());
  return { url, env: { PGPASSWORD: server.password } };
}

function expectClean(result: CliResult): void {
  expect(result.stdout + result.stderr).not.toContain(server.password);
  expect(hasStackTrace(result.stderr)).toBe(false);
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const withPassword = new URL(url);
  withPassword.password = encodeURIComponent(server.password);
  const client = new pg.Client({ connectionString: withPassword.toString() });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('newsletter state migrate', () => {
  test('an interrupted send of the example, migrated into PostgreSQL and resumed from there: every reader gets exactly one copy', async () => {
    const sink = await startSmtpSink({ replyDelayMs: 40 });
    const dir = exampleProject(csv);
    try {
      const stopped = await sendAndInterrupt(dir, sink.url, () => sink.messages.length, 10);
      expect(stopped.code).toBe(1);
      const first = sink.messages.length;
      expect(first).toBeLessThan(READERS - 1);
      // an unsubscribe recorded in the SQLite state moves along
      expect((await newsletter(dir, ['unsubscribe', `reader${READERS - 1}@example.org`])).code).toBe(0);

      const { url, env } = await database();
      const migrated = await newsletter(dir, ['state', 'migrate', '--to', url], env);
      expectClean(migrated);
      expect(migrated.stderr).toBe('');
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toContain(`state migrate: ${join(dir, '.newsletter', 'state.sqlite')} → ${url}`);
      expect(migrated.stdout).toContain(`copied: 1 suppression entry, 1 run, ${READERS} journal rows (already there: 0 suppression entries, 0 runs, 0 journal rows)`);
      expect(migrated.stdout).toContain(`verified: the database holds every row of this state (1 suppression entry, 1 run, ${READERS} journal rows)`);
      expect(migrated.stdout).toContain(`NEWSLETTER_DATABASE_URL=${url}   (the password in PGPASSWORD or ~/.pgpass)`);

      const fromDatabase = { ...env, NEWSLETTER_DATABASE_URL: url };
      const status = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'], fromDatabase)).stdout);
      expect(status).toMatchObject({ recipients: READERS, sent: first, unknown: 0 });

      const resumed = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json'], fromDatabase);
      expectClean(resumed);
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ sent: READERS - first - 1, skipped: { already_sent: first, unsubscribed: 1 } });

      // what the server received, read as a mail program reads it
      const copies = new Map<string, number>();
      for (const message of sink.messages) {
        const parsed = await simpleParser(message.raw);
        const to = (Array.isArray(parsed.to) ? parsed.to : [parsed.to]).flatMap((a) => a?.value ?? []).map((a) => a.address!.toLowerCase());
        expect(to).toHaveLength(1);
        copies.set(to[0], (copies.get(to[0]) ?? 0) + 1);
      }
      expect(copies.size).toBe(READERS - 1);
      expect([...copies.values()].every((n) => n === 1)).toBe(true);
      expect(copies.has(`reader${READERS - 1}@example.org`)).toBe(false);
    } finally {
      await sink.close();
    }
  }, 120_000);

  test('a send killed with SIGKILL: its lease does not hold the migration up, and the resumed send from PostgreSQL mails nobody twice', async () => {
    const sink = await startSmtpSink({ replyDelayMs: 40 });
    const dir = exampleProject(csv);
    try {
      const killed = await sendAndInterrupt(dir, sink.url, () => sink.messages.length, 10, undefined, { signal: 'SIGKILL' });
      expect(killed.code).toBeNull();
      const first = sink.messages.length;
      const { url, env } = await database();
      // the dead sender's lease stays in the SQLite state: this machine sees that its process is gone
      const migrated = await newsletter(dir, ['state', 'migrate', '--to', url, '--json'], env);
      expect(migrated.stderr).toBe('');
      expect(JSON.parse(migrated.stdout)).toMatchObject({ outcome: 'copied', copied: { journalRows: READERS, runs: 1 } });
      expect(await query(url, 'SELECT count(*)::int AS n FROM send_lease')).toEqual([{ n: 0 }]);

      const fromDatabase = { ...env, NEWSLETTER_DATABASE_URL: url };
      const resumed = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json'], fromDatabase);
      expectClean(resumed);
      const report = JSON.parse(resumed.stdout);
      // those in flight at the kill (at most --concurrency 2) are unknown: not mailed again
      expect(report.unknown).toBeLessThanOrEqual(2);
      expect(report.sent + report.unknown + report.skipped.already_sent).toBe(READERS);
      expect(resumed.code).toBe(report.unknown > 0 ? 1 : 0);
      const copies = sink.copiesByRecipient();
      expect([...copies.values()].every((n) => n === 1)).toBe(true);
      // an unknown reader got the copy in flight, or none: never a second one
      expect(copies.size).toBeGreaterThanOrEqual(READERS - report.unknown);
      expect(first).toBeLessThan(READERS);
    } finally {
      await sink.close();
    }
  }, 120_000);

  test('a password given in --to works, is warned about, and is never shown', async () => {
    const dir = exampleProject();
    expect((await newsletter(dir, ['unsubscribe', 'anna@example.org'])).code).toBe(0);
    const withPassword = await server.createDatabase();
    const result = await newsletter(dir, ['state', 'migrate', '--to', withPassword]);
    expectClean(result);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: the password in --to can be seen by other users of this machine (ps) and stays in your shell history');
    expect(result.stdout).toContain(`→ postgres://newsletter_admin:***@127.0.0.1:${server.port}/`);
    expect(result.stdout).toContain(`NEWSLETTER_DATABASE_URL=${plain(withPassword)}   (the password in PGPASSWORD or ~/.pgpass)`);
  });

  test('the password may come from ~/.pgpass, as for NEWSLETTER_DATABASE_URL', async () => {
    const dir = exampleProject();
    expect((await newsletter(dir, ['unsubscribe', 'anna@example.org'])).code).toBe(0);
    const { url } = await database();
    const home = join(dir, 'home');
    mkdirSync(home);
    const database_ = new URL(url).pathname.slice(1);
    writeFileSync(join(home, '.pgpass'), `${server.host}:${server.port}:${database_}:newsletter_admin:${server.password}\n`, { mode: 0o600 });
    const result = await newsletter(dir, ['state', 'migrate', '--to', url], { HOME: home, PGPASSWORD: undefined });
    expectClean(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('copied: 1 suppression entry, 0 runs, 0 journal rows');
  });

  test('a second run copies nothing and says so; a dry run writes nothing', async () => {
    const dir = exampleProject();
    expect((await newsletter(dir, ['unsubscribe', 'anna@example.org'])).code).toBe(0);
    expect((await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--outbox', 'out', '--yes'])).code).toBe(0);
    const { url, env } = await database();

    const dry = await newsletter(dir, ['state', 'migrate', '--to', url, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would copy: 1 suppression entry, 1 run, 3 journal rows');
    expect(dry.stdout).toContain('dry run: nothing was written');
    // the dry run made the tables (as any command does) and left them empty
    expect(await query(url, 'SELECT count(*)::int AS n FROM send_recipient')).toEqual([{ n: 0 }]);

    expect((await newsletter(dir, ['state', 'migrate', '--to', url], env)).code).toBe(0);
    const again = await newsletter(dir, ['state', 'migrate', '--to', url, '--json'], env);
    expectClean(again);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      outcome: 'nothing-to-copy',
      copied: { suppression: 0, runs: 0, journalRows: 0 },
      already_there: { suppression: 1, runs: 1, journalRows: 3 },
    });
    const text = await newsletter(dir, ['state', 'migrate', '--to', url], env);
    expect(text.stdout).toContain('nothing to copy: the database holds every row of this state already (1 suppression entry, 1 run, 3 journal rows)');
    expect(await query(url, 'SELECT count(*)::int AS n FROM suppression')).toEqual([{ n: 1 }]);
  });

  test('different data in the database is refused, each difference named, and nothing is written', async () => {
    const dir = exampleProject();
    expect((await newsletter(dir, ['unsubscribe', 'anna@example.org'])).code).toBe(0);
    expect((await newsletter(dir, ['unsubscribe', 'ben@example.org'])).code).toBe(0);
    const { url, env } = await database();
    const there = { ...env, NEWSLETTER_DATABASE_URL: url };
    // the database learnt otherwise of anna: a bounce; and something of its own (dan)
    expect((await newsletter(dir, ['unsubscribe', 'dan@example.org'], there)).code).toBe(0);
    await query(url, `INSERT INTO suppression (email_key, email, reason, list_id, source, created_at)
                       VALUES ('anna@example.org', 'anna@example.org', 'bounced', '${LIST_ID}', 'bounce', '2026-01-01T00:00:00.000Z')`);

    const refused = await newsletter(dir, ['state', 'migrate', '--to', url], env);
    expectClean(refused);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: the database already holds other data than this state (1 difference); nothing was copied:');
    expect(refused.stderr).toContain(`suppression of anna@example.org (list ${LIST_ID}): by-hand here, bounced there`);
    expect(refused.stderr).toContain('hint: "here" is ');
    // ben was not copied either: all or nothing
    expect(await query(url, "SELECT email_key FROM suppression ORDER BY email_key")).toEqual([{ email_key: 'anna@example.org' }, { email_key: 'dan@example.org' }]);
  });

  test('a journal that went on in the database after an earlier migration is refused', async () => {
    const dir = exampleProject();
    expect((await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--outbox', 'out', '--yes'])).code).toBe(0);
    const { url, env } = await database();
    expect((await newsletter(dir, ['state', 'migrate', '--to', url], env)).code).toBe(0);
    await query(url, "UPDATE send_recipient SET state = 'failed', reply = '550 no such user' WHERE email_key = 'ben@example.org'");
    await query(url, "INSERT INTO send_recipient (issue_id, destination, email_key, email, lang, state, generation, created_at, updated_at) SELECT issue_id, destination, 'zoe@example.org', 'zoe@example.org', 'de', 'pending', 1, created_at, updated_at FROM send_recipient LIMIT 1");
    const refused = await newsletter(dir, ['state', 'migrate', '--to', url], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/journal of 2020-12-nr34 → outbox:.*, ben@example\.org: sent here, failed there/);
  });

  test('a live send on the SQLite state is refused; one that ended leaves nothing in the way', async () => {
    const dir = exampleProject();
    expect((await newsletter(dir, ['unsubscribe', 'anna@example.org'])).code).toBe(0);
    const db = new Database(join(dir, '.newsletter', 'state.sqlite'));
    const now = Date.now();
    // a sender on another machine, its heartbeat fresh
    db.prepare(
      `INSERT INTO send_lease (issue_id, destination, owner, pid, host, pid_namespace, boot_id, since, heartbeat_at, expires_at)
       VALUES ('2020-12-nr34', 'smtp://mail.example.org:587', 'other', 4711, 'laptop-7', 'pid:[1]', 'boot', ?, ?, ?)`,
    ).run(new Date(now).toISOString(), now, now + 60_000);
    const { url, env } = await database();
    const refused = await newsletter(dir, ['state', 'migrate', '--to', url], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: "2020-12-nr34" is being sent from this state by process 4711 on laptop-7');
    expect(refused.stderr).toContain('nothing was copied');
    expect(await query(url, 'SELECT count(*)::int AS n FROM suppression')).toEqual([{ n: 0 }]);

    db.prepare('UPDATE send_lease SET expires_at = ?').run(now - 1);
    db.close();
    const copied = await newsletter(dir, ['state', 'migrate', '--to', url], env);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toContain('copied: 1 suppression entry, 0 runs, 0 journal rows');
    expect(await query(url, 'SELECT count(*)::int AS n FROM send_lease')).toEqual([{ n: 0 }]);
  });

  test('without a state there is nothing to migrate; a wrong password is a located state error', async () => {
    const dir = exampleProject();
    const { url } = await database();
    const none = await newsletter(dir, ['state', 'migrate', '--to', url]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/error: there is no SQLite state in .*\.newsletter: nothing to migrate/);

    expect((await newsletter(dir, ['unsubscribe', 'anna@example.org'])).code).toBe(0);
    const wrong = await newsletter(dir, ['state', 'migrate', '--to', url], { PGPASSWORD: 'wrong' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('error: the state database refused the login');
    expectClean(wrong);

    const usage = await newsletter(dir, ['state', 'migrate', '--to', 'mysql://x@y/z']);
    expect(usage.code).toBe(2);
  });
});

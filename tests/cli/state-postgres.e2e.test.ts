import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, tempProject, type CliResult } from '../helpers/cli.js';
import { usePostgres } from '../helpers/postgres.js';

const server = usePostgres();

function project(): string {
  return tempProject(['issues', 'newsletter.config.yaml', 'subscribers.example.csv']);
}

function expectStateError(result: CliResult, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('hint: ');
  expect(result.stderr).not.toContain('internal error');
  expect(hasStackTrace(result.stderr)).toBe(false);
}

describe('a PostgreSQL state named by NEWSLETTER_DATABASE_URL', () => {
  test('unsubscribe, then status and subscribers suppressed from another folder, show the same state; the password never shows', async () => {
    const url = await server.createDatabase();
    const env = { NEWSLETTER_DATABASE_URL: url };
    const one = project();
    const other = project();
    expect((await runCli(['unsubscribe', 'anna@example.org'], { cwd: one, env })).code).toBe(0);
    const listed = await runCli(['subscribers', 'suppressed', '--json'], { cwd: other, env });
    expect(JSON.parse(listed.stdout)).toMatchObject({ count: 1, entries: [{ email: 'anna@example.org', reason: 'by-hand' }] });
    const status = await runCli(['status', 'issues/2020-12-nr34.de.yaml'], { cwd: other, env });
    expect(status.code).toBe(0);
    for (const output of [listed.stdout, listed.stderr, status.stdout, status.stderr]) expect(output).not.toContain(server.password);
  });

  test('state info names the database without its password, with the schema version and what it holds', async () => {
    const url = await server.createDatabase();
    const dir = project();
    await runCli(['unsubscribe', 'anna@example.org'], { cwd: dir, env: { NEWSLETTER_DATABASE_URL: url } });
    const info = await runCli(['state', 'info'], { cwd: dir, env: { NEWSLETTER_DATABASE_URL: url } });
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(`state: PostgreSQL postgres://newsletter_admin:***@127.0.0.1:${server.port}/`);
    expect(info.stdout).toContain('suppression list: 1 entry');
    expect(info.stdout).not.toContain(server.password);
    const json = JSON.parse((await runCli(['state', 'info', '--json'], { cwd: dir, env: { NEWSLETTER_DATABASE_URL: url } })).stdout);
    expect(json).toMatchObject({ backend: 'postgres', schemaVersion: 2, counts: { suppressed: 1, journalRows: 0, runs: 0, leases: 0 }, locks: [] });

    const sqlite = await runCli(['state', 'info', '--json'], { cwd: dir });
    expect(JSON.parse(sqlite.stdout)).toMatchObject({ backend: 'sqlite', exists: false });
  });

  test('the password may come from PGPASSWORD instead of the URL', async () => {
    const url = new URL(await server.createDatabase());
    url.password = '';
    const result = await runCli(['unsubscribe', 'bob@example.org'], { cwd: project(), env: { NEWSLETTER_DATABASE_URL: url.toString(), PGPASSWORD: server.password } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test.each([
    ['a wrong password', () => `postgres://newsletter_admin:wrong@127.0.0.1:${server.port}/postgres`, /error: the state database refused the login \(postgres:\/\/newsletter_admin:\*\*\*@127\.0\.0\.1:\d+\/postgres\): wrong password/],
    ['a database that does not exist', () => `postgres://newsletter_admin:${server.password}@127.0.0.1:${server.port}/nosuchdb`, /error: the state database refused the request \(postgres:\/\/newsletter_admin:\*\*\*@.*\/nosuchdb\): the database does not exist/],
    ['nothing listening', () => 'postgres://newsletter_admin:pw@127.0.0.1:1/postgres', /error: the state database cannot be reached \(postgres:\/\/newsletter_admin:\*\*\*@127\.0\.0\.1:1\/postgres\): nothing listens there \(connection refused\) \(ECONNREFUSED\)/],
  ])('%s: exit 1, one located message without the password, no stack', async (_name, url, message) => {
    for (const args of [['unsubscribe', 'anna@example.org'], ['status', 'issues/2020-12-nr34.de.yaml']]) {
      const result = await runCli(args, { cwd: project(), env: { NEWSLETTER_DATABASE_URL: url() } });
      expectStateError(result, message);
      expect(result.stderr).not.toContain(server.password);
    }
  });

  test('a password in the config\'s state.url is refused; the config may name the database without one', async () => {
    const dir = project();
    const config = join(dir, 'newsletter.config.yaml');
    const { readFileSync } = await import('node:fs');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, `${original}\nstate:\n  url: postgres://newsletter_admin:secret@127.0.0.1:${server.port}/postgres\n`);
    const refused = await runCli(['unsubscribe', 'anna@example.org'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"url" holds a password: secrets do not belong in the config file');
    expect(refused.stderr).not.toContain('secret@');

    const database = new URL(await server.createDatabase()).pathname;
    writeFileSync(config, `${original}\nstate:\n  url: postgres://newsletter_admin@127.0.0.1:${server.port}${database}\n`);
    const accepted = await runCli(['unsubscribe', 'anna@example.org'], { cwd: dir, env: { PGPASSWORD: server.password } });
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
  });
});

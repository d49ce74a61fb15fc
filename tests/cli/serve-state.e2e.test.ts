import { chmodSync, chownSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createUnsubscribeToken, keyringFromSecrets } from '../../src/unsubscribe/index.js';
import { hasStackTrace, removeCliForOthers, runCli, tempProject } from '../helpers/cli.js';
import { startPostgres, usePostgres } from '../helpers/postgres.js';
import { servesStoppedAfterEach, type RunningServe } from '../helpers/serve.js';
import { suppressionEntries } from '../helpers/sqlite-state.js';

const SECRET = 'ZC/SXxuhfZITOYiyoOnyQzTnyBmBOlgnXISELKEbtFs=';
const LIST_ID = 'newsletter.example.org';
const NOBODY = 65534;
const startServe = servesStoppedAfterEach();
const server = usePostgres();
afterAll(removeCliForOthers);

const token = (email: string) => createUnsubscribeToken(keyringFromSecrets(SECRET), { email, listId: LIST_ID, lang: 'en' });
const oneClick = (serve: RunningServe, email: string) =>
  fetch(`${serve.url}/u/${token(email)}`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }), redirect: 'manual' });

/** What a proxy and a reader's mail program see while the state cannot be written: 503 with Retry-After, never a 500. */
async function expectUnwritable(serve: RunningServe, email: string, problem: string | RegExp): Promise<void> {
  const health = await fetch(`${serve.url}/healthz`);
  expect(health.status).toBe(503);
  expect(health.headers.get('retry-after')).toBe('30');
  expect(await health.text()).toMatch(typeof problem === 'string' ? `state unwritable: ${problem}\n` : problem);

  const post = await oneClick(serve, email);
  expect(post.status).toBe(503);
  expect(post.headers.get('retry-after')).toBe('30');
  await post.text();
  expect(serve.stderr()).toMatch(/POST \/u\/#[0-9a-f]{8} 503 the state /);
  expect(serve.stderr()).not.toMatch(/ 500 /);
  expect(hasStackTrace(serve.stderr())).toBe(false);
}

describe('newsletter serve when the state cannot be written', () => {
  test('SQLite: a state file this user may only read (made by another user in the shared folder) answers 503 + Retry-After, and the retry after the fix is recorded', async () => {
    const dir = tempProject(['newsletter.config.yaml', 'issues/images/logo.png']);
    const state = join(dir, 'state');
    // an editor (root here) made the state; the endpoint's user may write the folder, not the file
    expect((await runCli(['unsubscribe', 'eve@example.org', '--state', state], { cwd: dir })).code).toBe(0);
    expect(readdirSync(state)).toEqual(['state.sqlite']);
    chmodSync(dir, 0o755);
    chownSync(state, NOBODY, NOBODY);
    chmodSync(join(state, 'state.sqlite'), 0o644);

    const serve = await startServe(dir, ['--state', state], { NEWSLETTER_SECRET: SECRET }, { uid: NOBODY });
    // reading still works: the page asks
    expect((await fetch(`${serve.url}/u/${token('anna@example.org')}`)).status).toBe(200);
    await expectUnwritable(serve, 'anna@example.org', 'read-only');
    expect(suppressionEntries(state).map((e) => e.key)).toEqual(['eve@example.org']);
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);

    // the state's files given to the endpoint's user (chown -R): the reader's retry is recorded
    for (const name of readdirSync(state)) chownSync(join(state, name), NOBODY, NOBODY);
    const fixed = await startServe(dir, ['--state', state], { NEWSLETTER_SECRET: SECRET }, { uid: NOBODY });
    expect((await fetch(`${fixed.url}/healthz`)).status).toBe(200);
    expect((await oneClick(fixed, 'anna@example.org')).status).toBe(200);
    fixed.child.kill('SIGTERM');
    expect(await fixed.exit).toBe(0);
    expect(suppressionEntries(state).map((e) => e.key)).toEqual(['eve@example.org', 'anna@example.org']);
  });

  test('PostgreSQL: the endpoint role loses its write grants while serve runs → 503 + Retry-After; granted again, the retry is recorded', async () => {
    const adminUrl = await server.createDatabase();
    const database = new URL(adminUrl).pathname.slice(1);
    const dir = tempProject(['newsletter.config.yaml', 'issues/images/logo.png']);
    // the owner makes the tables; the endpoint's role only uses them
    expect((await runCli(['unsubscribe', 'eve@example.org'], { cwd: dir, env: { NEWSLETTER_DATABASE_URL: adminUrl } })).code).toBe(0);
    const role = `endpoint_${database}`;
    await server.sql(
      database,
      `CREATE ROLE ${role} LOGIN PASSWORD 'endpoint-pw';
       GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
       GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};`,
    );
    const url = `postgres://${role}@${server.host}:${server.port}/${database}`;
    const serve = await startServe(dir, [], { NEWSLETTER_SECRET: SECRET, NEWSLETTER_DATABASE_URL: url, PGPASSWORD: 'endpoint-pw', NEWSLETTER_STATE_DIR: undefined });
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    expect((await oneClick(serve, 'anna@example.org')).status).toBe(200);

    await server.sql(database, `REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await expectUnwritable(serve, 'ben@example.org', 'refused');
    expect(serve.stderr()).not.toContain('endpoint-pw');

    await server.sql(database, `GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    expect((await oneClick(serve, 'ben@example.org')).status).toBe(200);
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);

    const listed = await runCli(['subscribers', 'suppressed', '--json'], { cwd: dir, env: { NEWSLETTER_DATABASE_URL: adminUrl } });
    expect(JSON.parse(listed.stdout).entries.map((e: { email: string }) => e.email).sort()).toEqual(['anna@example.org', 'ben@example.org', 'eve@example.org']);
  });

  test('PostgreSQL: the database server goes down while serve runs → 503 + Retry-After; once it is back, the retry is recorded', async () => {
    // a server of its own: this one is stopped and started again
    const own = await startPostgres();
    try {
      const url = await own.createDatabase();
      const dir = tempProject(['newsletter.config.yaml', 'issues/images/logo.png']);
      const env = { NEWSLETTER_SECRET: SECRET, NEWSLETTER_DATABASE_URL: url, NEWSLETTER_STATE_DIR: undefined };
      expect((await runCli(['unsubscribe', 'eve@example.org'], { cwd: dir, env })).code).toBe(0);
      const serve = await startServe(dir, [], env);
      expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);

      await own.pause();
      await expectUnwritable(serve, 'ben@example.org', /^state unwritable: (unreachable|lost-connection)\n$/);
      expect(serve.stderr()).not.toContain(own.password);

      await own.resume();
      expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
      expect((await oneClick(serve, 'ben@example.org')).status).toBe(200);
      serve.child.kill('SIGTERM');
      expect(await serve.exit).toBe(0);
      const listed = await runCli(['subscribers', 'suppressed', '--json'], { cwd: dir, env });
      expect(JSON.parse(listed.stdout).entries.map((e: { email: string }) => e.email).sort()).toEqual(['ben@example.org', 'eve@example.org']);
    } finally {
      await own.stop();
    }
  }, 120_000);
});

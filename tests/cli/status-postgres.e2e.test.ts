/** `status` on a PostgreSQL state: it names the database (never the password) and lists readers by outcome there too. */
import { openPostgresStore } from '../../src/state/postgres/store.js';
import { usePostgres } from '../helpers/postgres.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

const server = usePostgres();

test('status names the PostgreSQL state and lists its unknown and failed readers', async () => {
  const url = await server.createDatabase();
  const store = await openPostgresStore(url);
  const destination = 'smtp://relay.example.org:587';
  const job = store.journal.job('2020-12-nr34', destination);
  await job.beginRun({ mode: 'send', issueHash: 'h', listHash: 'l' }, 3);
  await job.addPending(['anna', 'ben', 'carla'].map((name) => ({ key: `${name}@example.org`, email: `${name}@example.org`, lang: 'de' })));
  await job.markSending('anna@example.org', '<a1@news.example.org>', Date.parse('2026-11-29T18:00:00Z'));
  await job.markSent('anna@example.org', '250 ok');
  await job.markSending('ben@example.org', '<b1@news.example.org>', Date.parse('2026-11-29T18:00:01Z'));
  await job.markFailed('ben@example.org', '550 5.1.1 no such user', true);
  await job.markSending('carla@example.org', '<c1@news.example.org>', Date.parse('2026-11-29T18:00:02Z'));
  await job.markUnknown('carla@example.org', 'connection lost after the whole message was sent');
  await store.close();

  const dir = exampleProject();
  const env = { NEWSLETTER_DATABASE_URL: url };
  const redacted = url.replace(`:${server.password}@`, ':***@');
  const text = await newsletter(dir, ['status', ISSUE], env);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain(`\nstate: PostgreSQL ${redacted}\n`);
  const json = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'], env)).stdout);
  expect(json.state).toEqual({ backend: 'postgres', location: redacted });

  const unknown = await newsletter(dir, ['status', ISSUE, '--unknown'], env);
  expect(unknown.stdout).toContain('\n  carla@example.org  <c1@news.example.org>  2026-11-29T18:00:02.000Z  connection lost after the whole message was sent\n');
  const listed = JSON.parse((await newsletter(dir, ['status', ISSUE, '--failed', '--unknown', '--json'], env)).stdout);
  expect(listed.readers.map((r: { email: string; state: string }) => [r.email, r.state])).toEqual([
    ['ben@example.org', 'failed'],
    ['carla@example.org', 'unknown'],
  ]);
  for (const output of [text.stdout, unknown.stdout, JSON.stringify(listed)]) expect(output).not.toContain(server.password);
});

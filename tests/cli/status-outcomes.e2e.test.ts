/**
 * `newsletter status` (issue 9 item 1, issue 12 item 11): it names the state it reads, lists
 * the readers with an unknown or failed outcome (`--unknown`, `--failed`, with `--json`),
 * and counts what came back after the send.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import { cliPath } from '../helpers/cli.js';
import { bounceProject, scenarioMessages, sendScenario } from '../helpers/bounce-scenario.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

const READERS = ['anna@example.org', 'ben@example.org', 'carla@example.org', 'dan@example.org'];
const csv = ['email,first_name,language', ...READERS.map((email, i) => `${email},R${i},de`), ''].join('\n');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;


describe('status after a send with a failed and an unknown outcome', () => {
  let sink: SmtpSink;
  let dir: string;
  let send: Awaited<ReturnType<typeof newsletter>>;
  beforeAll(async () => {
    sink = await startSmtpSink({
      rules: [
        { to: 'ben@example.org', at: 'RCPT TO', reply: '550 5.1.1 <ben@example.org>: Recipient address rejected: User unknown' },
        // the message arrives, the connection ends before the server's answer: nobody knows
        { to: 'carla@example.org', at: 'MESSAGE', drop: true, deliver: true },
      ],
    });
    dir = exampleProject(csv);
    send = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes']);
  });
  afterAll(async () => {
    await sink.close();
  });

  test('the send says where the unknown outcomes are listed, and that command lists them', async () => {
    expect(send.code).toBe(1);
    expect(send.stdout).toContain(`Check the server's log for their Message-IDs (newsletter status ${ISSUE} --unknown lists them)`);
    const carla = sink.received('carla@example.org')[0];
    const listed = await newsletter(dir, ['status', ISSUE, '--unknown']);
    expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toMatch(/^2020-12-nr34 → smtp:\/\/127\.0\.0\.1:\d+: 1 reader with an unknown outcome \(look their Message-IDs up in the server's log; /);
    const [address, messageId, time, ...reply] = lines[1].trim().split(/ {2}/);
    expect({ address, messageId }).toEqual({ address: 'carla@example.org', messageId: carla.messageId });
    expect(time).toMatch(ISO);
    expect(reply.join('  ')).not.toBe('');
    expect(lines).toContain('state: SQLite .newsletter/state.sqlite');
  });

  test('--failed lists the refused reader with the server\'s reply', async () => {
    const listed = await newsletter(dir, ['status', ISSUE, '--failed']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/: 1 failed \(1 hard bounce: on the suppression list\)\n {2}ben@example\.org {2}<[^>]+> {2}\S+ {2}550 5\.1\.1 <ben@example\.org>: Recipient address rejected: User unknown\n/);
  });

  test('--unknown --failed --json: the status document with every such reader, and the state it read', async () => {
    const result = await newsletter(dir, ['status', ISSUE, '--unknown', '--failed', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ issue: '2020-12-nr34', sent: 2, failed: 1, unknown: 1, state: { backend: 'sqlite', location: join(dir, '.newsletter', 'state.sqlite') } });
    expect(json.readers).toEqual([
      { destination: json.destination, state: 'failed', email: 'ben@example.org', messageId: expect.stringMatching(/^<.+>$/), reply: expect.stringContaining('550 5.1.1'), handedAt: expect.stringMatching(ISO), updatedAt: expect.stringMatching(ISO) },
      { destination: json.destination, state: 'unknown', email: 'carla@example.org', messageId: sink.received('carla@example.org')[0].messageId, reply: expect.any(String), handedAt: expect.stringMatching(ISO), updatedAt: expect.stringMatching(ISO) },
    ]);
  });

  test('status names the state in its text and in --json', async () => {
    const text = await newsletter(dir, ['status', ISSUE]);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('state: SQLite .newsletter/state.sqlite');
    const json = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'])).stdout);
    expect(json.state).toEqual({ backend: 'sqlite', location: join(dir, '.newsletter', 'state.sqlite') });
    expect(json.destinations[0].late).toEqual({ bounced: 0, soft_bounced: 0, complained: 0, delayed: 0 });
  });
});

test('an issue never sent: status names the state it looked in; --unknown --json gives an empty list', async () => {
  const dir = exampleProject(csv);
  const text = await newsletter(dir, ['status', ISSUE]);
  expect(text.stdout).toBe('2020-12-nr34 has not been sent anywhere yet (the journal knows nothing of it).\nstate: SQLite .newsletter/state.sqlite\n');
  const json = JSON.parse((await newsletter(dir, ['status', ISSUE, '--unknown', '--json'])).stdout);
  expect(json).toMatchObject({ recipients: 0, destinations: [], readers: [], state: { backend: 'sqlite' } });
});

test('thousands of unknown outcomes are listed page by page, in address order, as valid JSON and as lines', async () => {
  const dir = exampleProject(csv);
  const store = openSqliteStore(join(dir, '.newsletter'));
  const job = store.journal.job('2020-12-nr34', 'smtp://relay.example.org:587');
  const count = 2_500;
  const people = Array.from({ length: count }, (_, i) => `reader${String(i).padStart(5, '0')}@example.org`);
  await job.beginRun({ mode: 'send', issueHash: 'h', listHash: 'l' }, count);
  await job.addPending(people.map((email) => ({ key: email, email, lang: 'de' })));
  for (const [i, email] of people.entries()) await job.markSending(email, `<${i}@news.example.org>`, Date.now());
  await job.recoverInterrupted();
  await store.close();

  const json = JSON.parse((await newsletter(dir, ['status', ISSUE, '--unknown', '--json'])).stdout);
  expect(json.unknown).toBe(count);
  expect(json.readers.map((r: { email: string }) => r.email)).toEqual(people);
  expect(json.readers[7]).toMatchObject({ messageId: '<7@news.example.org>', reply: 'interrupted while sending' });
  const text = await newsletter(dir, ['status', ISSUE, '--unknown']);
  const lines = text.stdout.split('\n').filter((line) => line.startsWith('  reader'));
  expect(lines).toHaveLength(count);
  expect(lines[count - 1]).toMatch(/^ {2}reader02499@example\.org {2}<2499@news\.example\.org> {2}\S+ {2}interrupted while sending$/);

  // `| head`: the reader goes away after its line; the listing stops quietly, exit 0, no stack trace
  for (const json of ['', ' --json']) {
    const piped = spawn('bash', ['-c', `"$0" "$1" status ${ISSUE} --unknown${json} | head -1 > /dev/null; exit \${PIPESTATUS[0]}`, process.execPath, cliPath], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' },
    });
    let stderr = '';
    piped.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise((resolve) => piped.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  }
});

test('readers who bounced or complained after the send are counted by status, as report counts them', async () => {
  const sink = await startSmtpSink();
  const dir = bounceProject();
  const mbox = join(dir, 'returned.mbox');
  const messages = scenarioMessages(await sendScenario(dir, sink).finally(() => sink.close()));
  writeFileSync(mbox, messages.map((raw) => `From MAILER-DAEMON Tue Dec  1 10:00:00 2020\n${raw.toString('latin1').replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n`).join(''), 'latin1');
  expect((await newsletter(dir, ['bounces', '--mbox', mbox])).code).toBe(0);

  const status = await newsletter(dir, ['status', ISSUE]);
  expect(status.stdout).toContain(`  later     4 hard bounces, 2 soft bounces, 1 complaint, 1 delayed (came back after the hand-over; newsletter report ${ISSUE} has the rates)`);
  const json = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'])).stdout);
  expect(json.late).toEqual({ bounced: 4, soft_bounced: 2, complained: 1, delayed: 1 });
  const report = JSON.parse((await newsletter(dir, ['report', ISSUE, '--json'])).stdout);
  expect(JSON.stringify(report)).toContain('"lateHard":4');
});

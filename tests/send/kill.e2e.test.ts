/**
 * The crash test: the real CLI sends to a real SMTP server and is killed with SIGKILL at
 * random moments, then run again, until the list is done; then --resend-unknown settles the
 * unknown outcomes. Nobody may be lost, and each kill may cost at most `concurrency`
 * duplicates (the messages in flight when it struck). Needs the compiled CLI (lib/).
 * The moments come from a seeded generator; the test's name shows the seed, and
 * `KILL_TEST_SEED=<seed>` runs the same moments again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliPath, runCli, tempProject, type CliResult } from '../helpers/cli.js';
import { seededRandom, seedFrom } from '../helpers/random.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const READERS = 300;
const CONCURRENCY = 4;
const KILLS = 5;
const SECRET = '9qrcHOuuCv+dnIFvlLo2bRf3CxW9O6qsDuTsJz8I4k8=';
const SEED = seedFrom('KILL_TEST_SEED');
const random = seededRandom(SEED);

let sink: SmtpSink;
let dir: string;
let issueFile: string;

const env = { NEWSLETTER_SECRET: SECRET, NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined, NEWSLETTER_DKIM_KEY: undefined, NEWSLETTER_SKIP_URL_CHECK: '1' };
const sendArgs = () => ['send', issueFile, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', String(CONCURRENCY)];

beforeAll(async () => {
  // replies take a little while, so that kills find messages in flight
  sink = await startSmtpSink({ replyDelayMs: 3 });
  dir = tempProject();
  const init = await runCli(['init', '--yes', '--name', 'Kill Test', '--from', 'Kill Test <news@example.org>', '--base-url', 'https://news.example.org'], {
    cwd: dir,
    env,
  });
  expect(init.code).toBe(0);
  issueFile = join('issues', readdirSync(join(dir, 'issues')).find((f) => f.endsWith('.yaml'))!);
  const rows = Array.from({ length: READERS }, (_, i) => `reader${i + 1}@example.org,Reader ${i + 1}`);
  writeFileSync(join(dir, 'readers.csv'), ['email,name', ...rows, ''].join('\n'));
});
afterAll(async () => sink?.close());

/** Rows per state in the journal, read the way `status` would (a second connection, WAL). */
function journalStates(): Record<string, number> {
  const db = new Database(join(dir, '.newsletter', 'state.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT state, count(*) AS n FROM send_recipient GROUP BY state').all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}

/** What each killed run printed, shown when the test fails. */
const said: string[] = [];

function startSend(): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [cliPath, ...sendArgs()], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const done = new Promise<number | null>((resolve) =>
    child.on('close', (code, signal) => {
      said.push(`[${signal ?? code}] ${output}`);
      resolve(code);
    }),
  );
  return { child, done };
}

/** Resolves when the sink has taken `count` messages, or the child ended first (false). */
async function untilReceived(count: number, done: Promise<unknown>): Promise<boolean> {
  let ended = false;
  void done.then(() => (ended = true));
  while (!ended && sink.messages.length < count) await new Promise((r) => setTimeout(r, 2));
  return !ended;
}

test(`kill -9 at random moments (KILL_TEST_SEED=${SEED}) during a send to ${READERS} readers: nobody lost, duplicates at most ${CONCURRENCY} per kill`, async () => {
  said.push(`KILL_TEST_SEED=${SEED}`);
  let kills = 0;
  for (let round = 0; round < KILLS; round++) {
    const { child, done } = startSend();
    // every other round strikes at a random time (perhaps before the first message: reading
    // the list, planning), the others somewhere in the next 15 % of the list
    const strike =
      round % 2 === 1
        ? new Promise<boolean>((resolve) => setTimeout(() => resolve(child.exitCode === null), 200 + random() * 1500))
        : untilReceived(sink.messages.length + 1 + Math.floor(random() * (READERS * 0.15)), done);
    if (await strike) {
      child.kill('SIGKILL');
      kills++;
    }
    await done;
    // a kill leaves at most `concurrency` readers whose outcome nobody knows
    expect(journalStates().sending ?? 0).toBeLessThanOrEqual(CONCURRENCY);
  }
  expect(kills).toBeGreaterThan(0);

  // the same command again finishes the list; the unknown outcomes are held back
  const finish: CliResult = await runCli(sendArgs(), { cwd: dir, env, timeoutMs: 120_000 });
  // on failure, the diff shows what the command said
  said.push(`[finish ${finish.code}] ${finish.stdout}${finish.stderr}`);
  expect({ pending: journalStates().pending ?? 0, said }).toEqual({ pending: 0, said: expect.any(Array) });
  const unknown = journalStates().unknown ?? 0;
  expect(unknown).toBeLessThanOrEqual(CONCURRENCY * kills);
  expect(finish.code).toBe(unknown > 0 ? 1 : 0);

  if (unknown > 0) {
    const settle = await runCli([...sendArgs(), '--resend-unknown'], { cwd: dir, env, timeoutMs: 120_000 });
    expect(settle.code).toBe(0);
  }
  expect(journalStates()).toEqual({ sent: READERS });
  const status = await runCli(['status', issueFile, '--json'], { cwd: dir, env });
  expect(JSON.parse(status.stdout)).toMatchObject({ recipients: READERS, sent: READERS, unknown: 0, pending: 0, failed: 0 });

  const copies = sink.copiesByRecipient();
  const lost = Array.from({ length: READERS }, (_, i) => `reader${i + 1}@example.org`).filter((r) => !copies.has(r));
  expect(lost).toEqual([]);
  const duplicates = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
  expect(duplicates).toBeLessThanOrEqual(CONCURRENCY * kills);
  expect(duplicates).toBeLessThanOrEqual(unknown);

  // and running it once more sends nothing
  const before = sink.messages.length;
  const again = await runCli(sendArgs(), { cwd: dir, env });
  expect(again.code).toBe(0);
  expect(sink.messages.length).toBe(before);
}, 180_000);

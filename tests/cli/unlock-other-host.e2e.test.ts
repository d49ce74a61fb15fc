/**
 * A sender on another machine — PID 1 in a PID and UTS namespace of its own, with the host
 * name `other-machine` — holds the send lock while it runs, and its lock outlives a kill -9.
 * `newsletter unlock` on this machine refuses while the lease is fresh (live, or killed a
 * moment ago: from here nobody can tell), and clears it once the lease has expired; the
 * send resumed here then mails nobody twice. SQLite in one shared folder, and PostgreSQL
 * from two folders. Needs root for unshare (CI and this machine run as root).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliPath, hasStackTrace, type CliResult } from '../helpers/cli.js';
import { pgRows, usePostgres } from '../helpers/postgres.js';
import { ISSUE, newsletter, numberedReadersProject, SECRET } from '../helpers/send-fixtures.js';
import { sinksClosedAfterEach, type SmtpSink } from '../helpers/smtp-sink.js';

const READERS = 30;
const OTHER_HOST = 'other-machine';
const server = usePostgres();
const startSink = sinksClosedAfterEach();

const started: ChildProcess[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = numberedReadersProject(READERS);
  folders.push(dir);
  return dir;
}

interface Backend {
  /** The folder the other machine sends from, and this machine's. */
  dirs: [string, string];
  env: Record<string, string>;
  /** Moves the lease's heartbeat and expiry back by `ms`, as if that much time had passed. */
  age(ms: number): Promise<void>;
}

const AGE_SQL = 'UPDATE send_lease SET heartbeat_at = heartbeat_at - $1, expires_at = expires_at - $1';

const backends: [string, () => Promise<Backend>][] = [
  [
    'SQLite in one shared folder',
    async () => {
      const dir = project();
      return {
        dirs: [dir, dir],
        env: {},
        async age(ms) {
          const db = new Database(join(dir, '.newsletter', 'state.sqlite'));
          try {
            db.prepare(AGE_SQL.replaceAll('$1', '?')).run(ms, ms);
          } finally {
            db.close();
          }
        },
      };
    },
  ],
  [
    'PostgreSQL from two folders',
    async () => {
      const url = await server.createDatabase();
      return {
        dirs: [project(), project()],
        env: { NEWSLETTER_DATABASE_URL: url },
        async age(ms) {
          await pgRows(url, AGE_SQL, [ms]);
        },
      };
    },
  ],
];

/** `newsletter send` as PID 1 on the other machine; `pid` is its PID as seen from here. */
function sendOnOtherMachine(dir: string, sink: SmtpSink, env: Record<string, string>): { pid: () => number; done: Promise<string> } {
  const child = spawn(
    'unshare',
    ['--uts', '--pid', '--fork', '--mount-proc', 'sh', '-c', `hostname ${OTHER_HOST} && exec "$@"`, 'sh', process.execPath, cliPath, 'send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', '1'],
    {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', NEWSLETTER_SKIP_URL_CHECK: '1', NEWSLETTER_SECRET: SECRET, NEWSLETTER_SMTP_URL: '', NEWSLETTER_STATE_DIR: '', NEWSLETTER_DKIM_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.push(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const done = new Promise<string>((resolve) => child.on('close', (code, signal) => resolve(`[${signal ?? code}] ${output}`)));
  // unshare --fork: the sender is unshare's one child
  const pid = () => Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim());
  return { pid, done };
}

function expectRefusal(result: CliResult, message: RegExp): void {
  expect(`${result.code} ${result.stderr}`).toMatch(message);
  expect(result.code).toBe(1);
  expect(hasStackTrace(result.stderr)).toBe(false);
}

test.each(backends)('%s: a sender on another host, live and then killed: unlock refuses while its lease is fresh, clears it after expiry; the resumed send mails nobody twice', async (_name, setUp) => {
  const { dirs, env, age } = await setUp();
  const [there, here] = dirs;
  // slow replies: the other machine's sender is still busy while this machine looks
  const pace = { replyDelayMs: 300 };
  const sink = await startSink(pace);
  const sender = sendOnOtherMachine(there, sink, env);
  while (sink.messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const holder = new RegExp(`process 1 on ${OTHER_HOST}`);

  // live: unlock and a second send from here are refused, naming the holder
  const live = await newsletter(here, ['unlock', ISSUE, '--yes'], env);
  expect(live.stdout).toMatch(new RegExp(`"2020-12-nr34" is locked by smtp://127\\.0\\.0\\.1:\\d+: process 1 on ${OTHER_HOST}, sending since .*, last heartbeat \\d{4}-.*`));
  expectRefusal(live, /error: the lock of "2020-12-nr34" is still fresh \(it expires .*\): its sender may be running/);
  expectRefusal(await newsletter(here, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes'], env), holder);

  // kill -9 on the other machine, mid-send; its lease stays behind
  const pid = sender.pid();
  process.kill(pid, 'SIGKILL');
  // (unshare itself then ends with a complaint of its own about the signal)
  await sender.done;
  expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  const got = sink.messages.length;
  expect(got).toBeLessThan(READERS);
  // from here a fresh lease of another host may still be alive: refused, nothing broken
  expectRefusal(await newsletter(here, ['unlock', ISSUE, '--yes'], env), /error: the lock of "2020-12-nr34" is still fresh/);

  // a few minutes later (the lease moved back instead of waiting)
  await age(5 * 60_000);
  const cleared = await newsletter(here, ['unlock', ISSUE, '--yes'], env);
  expect(cleared.stdout).toMatch(new RegExp(`process 1 on ${OTHER_HOST}, sending since .*, last heartbeat .* \\(\\d+ s ago\\)`));
  expect(cleared.stdout).toContain('Unlocked smtp://127.0.0.1:');
  expect(cleared.code).toBe(0);

  // resumed here: the reader in flight at the kill is held back as unknown, everyone else gets one copy
  pace.replyDelayMs = 5;
  const resumed = await newsletter(here, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', '1'], env);
  // (in words that depend on whether anyone was left to send to)
  expect(resumed.stdout).toMatch(/1 reader (may or may not have the mail|has an unknown outcome)/);
  expect(resumed.code).toBe(1);
  const copies = sink.copiesByRecipient();
  expect([...copies.values()].every((n) => n === 1)).toBe(true);
  expect(READERS - copies.size).toBeLessThanOrEqual(1);
}, 120_000);

/**
 * Two sends of the same issue at once, each as PID 1 of its own PID namespace (two
 * containers on one host): exactly one runs, the other is refused naming the holder. The
 * old lock compared PIDs and let both run. Needs root for unshare (CI and this machine run
 * as root); the SQLite state is one shared folder, the PostgreSQL one a throwaway server.
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { runCli, type CliResult } from '../helpers/cli.js';
import { usePostgres } from '../helpers/postgres.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, SECRET, numberedReadersProject } from '../helpers/send-fixtures.js';

const READERS = 40;
const CONTAINER = ['unshare', '--pid', '--fork', '--mount-proc'];

let sink: SmtpSink;
/** The sink reads this per message: slow while the second sender starts, fast once it was refused. */
let pace: { replyDelayMs: number };
const server = usePostgres();
beforeEach(async () => {
  // slow replies: the first sender is still busy when the second one starts (however long that takes)
  pace = { replyDelayMs: 1000 };
  sink = await startSmtpSink(pace);
});
afterEach(async () => sink.close());

function project(): string {
  return numberedReadersProject(READERS);
}

/** `newsletter send` as PID 1 of a fresh PID namespace; resolves with what it said. */
function containerSend(dir: string, env: Record<string, string | undefined>): Promise<CliResult> {
  return runCli(['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', '1'], {
    cwd: dir,
    env: { NEWSLETTER_SECRET: SECRET, NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined, NEWSLETTER_DKIM_KEY: undefined, ...env },
    wrap: CONTAINER,
    timeoutMs: 120_000,
  });
}

/** Resolves when the sink got its first message, or the sender ended before that. */
async function firstMessage(sender: Promise<CliResult>): Promise<void> {
  let ended = false;
  void sender.then(() => (ended = true));
  while (!ended && sink.messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

test('unshare gives each sender PID 1 (the premise of this test)', async () => {
  const pid = await new Promise<string>((resolve) => {
    const child = spawn(CONTAINER[0], [...CONTAINER.slice(1), process.execPath, '-e', 'console.log(process.pid)']);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => resolve(out.trim()));
  });
  expect(pid).toBe('1');
});

test.each([
  ['SQLite in one shared folder', async () => ({ dirs: [project(), undefined], env: {} as Record<string, string> })],
  ['PostgreSQL from two folders', async () => ({ dirs: [project(), project()], env: { NEWSLETTER_DATABASE_URL: await server.createDatabase() } as Record<string, string> })],
])('%s: two PID-1 senders at once, exactly one runs, the other is refused naming the holder', async (_name, setUp) => {
  const { dirs, env } = await setUp();
  const [first, second] = [dirs[0]!, dirs[1] ?? dirs[0]!];
  const running = containerSend(first, env);
  await firstMessage(running);
  const refused = await containerSend(second, env);
  pace.replyDelayMs = 5;
  const done = await running;
  // the code with what it said, so a failure shows both
  expect(`${refused.code} ${refused.stderr}`).toContain(`1 error: "2020-12-nr34" is being sent already by process 1 on ${hostname()}`);
  expect(refused.stderr).toMatch(/last heartbeat \d{4}-/);
  expect(done.code).toBe(0);
  // every reader exactly once
  expect(sink.messages).toHaveLength(READERS);
  expect([...sink.copiesByRecipient().values()].every((n) => n === 1)).toBe(true);
}, 180_000);

test('the same project without containers: a second sender is refused too', async () => {
  const dir = project();
  const running = runCli(['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', '1'], {
    cwd: dir,
    env: { NEWSLETTER_SECRET: SECRET, NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined },
    timeoutMs: 120_000,
  });
  await firstMessage(running);
  const second = await runCli(['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes'], {
    cwd: dir,
    env: { NEWSLETTER_SECRET: SECRET, NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined },
  });
  pace.replyDelayMs = 5;
  expect(`${second.code} ${second.stderr}`).toMatch(/^1 error: "2020-12-nr34" is being sent already by process \d+ on /);
  expect((await running).code).toBe(0);
  expect(sink.messages).toHaveLength(READERS);
}, 180_000);


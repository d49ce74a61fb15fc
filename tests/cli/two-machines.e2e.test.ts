/**
 * Two "machines": two working folders that share nothing but NEWSLETTER_DATABASE_URL (a
 * real PostgreSQL). One runs `newsletter serve`, the other `newsletter send` to a slow
 * SMTP sink. While the send runs, readers one-click on the endpoint with their
 * List-Unsubscribe links: nobody is mailed after their click but the messages that were
 * in flight. `status` on either folder shows the same. Then the sender is killed with
 * SIGKILL at seeded moments and each time resumed from the *other* folder: nobody lost,
 * at most --concurrency duplicates per kill. `TWO_MACHINES_SEED=<seed>` replays the moments.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createUnsubscribeToken, keyringFromSecrets, openUnsubscribeToken } from '../../src/unsubscribe/index.js';
import { cliPath, runCli } from '../helpers/cli.js';
import { pgRows, usePostgres } from '../helpers/postgres.js';
import { seededRandom, seedFrom } from '../helpers/random.js';
import { servesStoppedAfterEach } from '../helpers/serve.js';
import { ISSUE, SECRET, exampleProject } from '../helpers/send-fixtures.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.js';

const READERS = 200;
const CONCURRENCY = 3;
const ROUNDS_KILLED = 3;
const ISSUE_ID = '2020-12-nr34';
const LIST_ID = 'newsletter.example.org';
const SEED = seedFrom('TWO_MACHINES_SEED');
const random = seededRandom(SEED);

const server = usePostgres();
const startServe = servesStoppedAfterEach();
const readers = Array.from({ length: READERS }, (_, i) => `reader${i + 1}@example.org`);
const keyring = keyringFromSecrets(SECRET);

/**
 * Closed while the test one-clicks: every message that reached the sink waits for its reply,
 * so the sender has at most --concurrency in flight and starts no new hand-over meanwhile.
 */
let gate: { held: SinkMessage[]; open: () => void; closed: Promise<void> } | undefined;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({
    replyDelayMs: 15,
    beforeReply: (message) => {
      if (!gate) return;
      gate.held.push(message);
      return gate.closed;
    },
  });
});
/** The two working folders, removed at the end. */
const machines: string[] = [];
afterAll(async () => {
  gate?.open();
  await sink?.close();
  for (const dir of machines) rmSync(dir, { recursive: true, force: true });
});

/** Senders still running when a test fails are killed, like the servers. */
const senders: ChildProcess[] = [];
afterEach(() => {
  for (const child of senders.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** What every run said, shown when an expectation fails. */
const said: string[] = [`TWO_MACHINES_SEED=${SEED}`];

function env(url: string): Record<string, string | undefined> {
  return { NEWSLETTER_SECRET: SECRET, NEWSLETTER_DATABASE_URL: url, NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined, NEWSLETTER_DKIM_KEY: undefined };
}

const sendArgs = (extra: string[] = []) => ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--concurrency', String(CONCURRENCY), ...extra];

interface Sender {
  child: ChildProcess;
  done: Promise<number | null>;
}

function startSend(dir: string, url: string, name: string): Sender {
  const child = spawn(process.execPath, [cliPath, ...sendArgs()], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', NEWSLETTER_SKIP_URL_CHECK: '1', ...env(url) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  senders.push(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const done = new Promise<number | null>((resolve) =>
    child.on('close', (code, signal) => {
      said.push(`[${name}: ${signal ?? code}] ${output}`);
      resolve(code);
    }),
  );
  return { child, done };
}

/** Waits until `ready()` or the sender ended; true if it is still running. */
async function whileRunning(sender: Sender, ready: () => boolean, timeoutMs = 30_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (sender.child.exitCode === null && sender.child.signalCode === null && !ready()) {
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms in vain:\n${said.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return sender.child.exitCode === null && sender.child.signalCode === null;
}

/** The token of a message's List-Unsubscribe https link. */
function tokenOf(message: SinkMessage): string {
  const head = message.raw.subarray(0, message.raw.indexOf('\r\n\r\n')).toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  const link = /^List-Unsubscribe:.*?<https:\/\/[^>]*\/u\/([A-Za-z0-9_-]+)>/im.exec(head);
  if (!link) throw new Error(`no https List-Unsubscribe link in:\n${head}`);
  return link[1];
}

/** The token a reader's mail would carry, made the way the send makes it (checked against a real one below). */
function tokenFor(email: string): string {
  return createUnsubscribeToken(keyring, { email, listId: LIST_ID, lang: 'de', issueId: ISSUE_ID });
}

interface Click {
  email: string;
  /** How many copies the sink had accepted for this reader when the click was recorded. */
  copiesBefore: number;
  /** The message was in the sink, waiting for its reply, when the click was recorded. */
  inFlight: boolean;
}

/**
 * While `sender` runs: hold the replies, one-click (real POSTs to the endpoint) the readers
 * whose messages are in flight, a few already mailed, the next ones in the list and some
 * further on; then let the replies go.
 */
async function clickDuring(sender: Sender, endpoint: string, before: readonly Click[], whileHeld: () => Promise<void>): Promise<Click[]> {
  const after = sink.messages.length + 10 + Math.floor(random() * 20);
  expect(await whileRunning(sender, () => sink.messages.length >= after)).toBe(true);
  let open!: () => void;
  gate = { held: [], open: () => open(), closed: new Promise<void>((resolve) => (open = resolve)) };
  const held = gate.held;
  // every worker of the sender now waits for a reply
  expect(await whileRunning(sender, () => held.length === CONCURRENCY)).toBe(true);
  // the sender goes down the list: whoever comes after the furthest reader it has taken is still to come
  // (readers left behind by an earlier kill are held back as unknown, not to come)
  const taken = [...sink.messages, ...held].flatMap((m) => m.to.map((t) => readers.indexOf(t.toLowerCase())));
  const clickedBefore = new Set(before.map((c) => c.email));
  const toCome = readers.slice(Math.max(...taken) + 1).filter((r) => !clickedBefore.has(r));
  const mailed = sink.messages.slice(-3);
  const next = toCome.slice(0, 2 * CONCURRENCY);
  const further = toCome.slice(2 * CONCURRENCY).filter(() => random() < 0.1);
  const clicks: { email: string; token: string; inFlight: boolean }[] = [
    ...held.map((m) => ({ email: m.to[0].toLowerCase(), token: tokenOf(m), inFlight: true })),
    ...mailed.map((m) => ({ email: m.to[0].toLowerCase(), token: tokenOf(m), inFlight: false })),
    ...[...next, ...further].map((email) => ({ email, token: tokenFor(email), inFlight: false })),
  ];
  const answers = await Promise.all(
    clicks.map(async ({ token }) => {
      const response = await fetch(`${endpoint}/u/${token}`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }), redirect: 'manual' });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  expect(answers).toEqual(clicks.map(() => 200));
  const recorded = clicks.map(({ email, inFlight }) => ({ email, inFlight, copiesBefore: sink.copiesTo(email) }));
  await whileHeld();
  gate = undefined;
  open();
  return recorded;
}

/** The readers in one state in the journal, read from the database itself. */
async function journalRows(url: string, state: string): Promise<string[]> {
  return (await pgRows<{ email_key: string }>(url, 'SELECT email_key FROM send_recipient WHERE state = $1', [state])).map((r) => r.email_key);
}

/** `status --json` and `status` of both folders: the same numbers. */
async function sameStatus(dirs: string[], url: string): Promise<Record<string, unknown>> {
  const json = await Promise.all(dirs.map((dir) => runCli(['status', ISSUE, '--json'], { cwd: dir, env: env(url) })));
  const text = await Promise.all(dirs.map((dir) => runCli(['status', ISSUE], { cwd: dir, env: env(url) })));
  for (const result of [...json, ...text]) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  // a running sender's heartbeat may tick between the two calls
  const steadyJson = (text: string) => JSON.parse(text, (key, value) => (key === 'heartbeat' || key === 'expires' ? '…' : value));
  expect(steadyJson(json[1].stdout)).toEqual(steadyJson(json[0].stdout));
  // relative times ("12 s ago") may tick between the two calls
  const steady = (s: string) => s.replace(/\d+ (s|min|h) ago/g, '… ago');
  expect(steady(text[1].stdout)).toBe(steady(text[0].stdout));
  return JSON.parse(json[0].stdout);
}

test(`serve on one folder, send from the other; one-clicks during the send hold, kill -9 and resume from the other folder (TWO_MACHINES_SEED=${SEED})`, async () => {
  const url = await server.createDatabase();
  const csv = ['email,name,language', ...readers.map((r, i) => `${r},Reader ${i + 1},de`), ''].join('\n');
  // the endpoint's machine and the sender's: copies of the project, nothing shared on disk
  machines.push(exampleProject(csv), exampleProject(csv));
  const endpoint = await startServe(machines[0], [], env(url));
  expect(new URL(endpoint.url).hostname).toBe('127.0.0.1');
  expect(endpoint.stderr()).toContain(`state: PostgreSQL postgres://newsletter_admin:***@127.0.0.1:${server.port}/`);

  // round 0 from the second folder; each later round from the other folder than the one before
  const clicks: Click[] = [];
  let kills = 0;
  for (let round = 0; round < ROUNDS_KILLED; round++) {
    const sender = startSend(machines[(round + 1) % 2], url, `round ${round} from folder ${(round + 1) % 2}`);
    if (round < 2) {
      // while the replies are held the journal stands still: both folders see the running send alike
      const duringSend = async () => {
        expect(await sameStatus(machines, url)).toMatchObject({ sending: CONCURRENCY, running: { pid: sender.child.pid } });
      };
      clicks.push(...(await clickDuring(sender, endpoint.url, clicks, duringSend)));
    }
    // a seeded moment: after a random share of what is left, or (the last round) a random
    // time after the start, perhaps before the first message (reading the list, planning)
    const received = sink.messages.length;
    const strike =
      round < 2
        ? whileRunning(sender, () => sink.messages.length >= received + 1 + Math.floor(random() * (READERS - received) * 0.3))
        : new Promise<boolean>((resolve) => setTimeout(() => resolve(sender.child.exitCode === null), 300 + random() * 2500));
    if (await strike) {
      sender.child.kill('SIGKILL');
      kills++;
    }
    await sender.done;
    // the killed sender's lease is still there, but status does not take it for a running send
    if (round === 0) expect(await sameStatus(machines, url)).toMatchObject({ running: null });
  }
  expect(kills).toBeGreaterThan(0);

  // the first token the send made opens to what tokenFor makes, so the clicks above used real links
  expect(openUnsubscribeToken(keyring, tokenOf(sink.messages[0]))).toEqual({ email: sink.messages[0].to[0], listId: LIST_ID, lang: 'de', issueId: ISSUE_ID });

  // the rest from the other folder; the unknown outcomes, sent again on purpose, from the first
  const finish = await runCli(sendArgs(), { cwd: machines[ROUNDS_KILLED % 2], env: env(url), timeoutMs: 120_000 });
  said.push(`[finish: ${finish.code}] ${finish.stdout}${finish.stderr}`);
  const afterFinish = await sameStatus(machines, url);
  if ((afterFinish.unknown as number) > 0) {
    const settle = await runCli(sendArgs(['--resend-unknown']), { cwd: machines[(ROUNDS_KILLED + 1) % 2], env: env(url), timeoutMs: 120_000 });
    said.push(`[resend-unknown: ${settle.code}] ${settle.stdout}${settle.stderr}`);
  }
  const status = await sameStatus(machines, url);

  const copies = sink.copiesByRecipient();
  const clicked = new Set(clicks.map((c) => c.email));
  // what each reader got, next to what every run said, when something is off
  const outcome = {
    // every reader who did not unsubscribe got the issue
    lost: readers.filter((r) => !clicked.has(r) && !copies.has(r)),
    // a click holds from the moment it is recorded: only the messages in flight then still arrive
    mailedAfterClick: clicks.filter((c) => (copies.get(c.email) ?? 0) > c.copiesBefore && !c.inFlight).map((c) => c.email),
  };
  expect({ ...outcome, said }).toEqual({ lost: [], mailedAfterClick: [], said });
  const duplicates = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
  expect(duplicates).toBeLessThanOrEqual(CONCURRENCY * kills);
  // the journal agrees with what the server received, read from either folder; --resend-unknown
  // settled every unknown outcome but those of readers who unsubscribed meanwhile (their mail
  // may or may not have arrived: that stays unknown)
  const unknownLeft = (await journalRows(url, 'unknown')).sort();
  expect(unknownLeft.filter((r) => !clicked.has(r))).toEqual([]);
  const sent = copies.size - unknownLeft.filter((r) => copies.has(r)).length;
  // and readers who unsubscribed before their turn are no longer counted as still to send
  expect(status).toMatchObject({ recipients: sent + unknownLeft.length, sent, unknown: unknownLeft.length, failed: 0, pending: 0 });
  // nothing fell back to a state of its own in either folder
  for (const dir of machines) expect(existsSync(join(dir, '.newsletter', 'state.sqlite'))).toBe(false);

  endpoint.child.kill('SIGTERM');
  expect(await endpoint.exit).toBe(0);
}, 120_000);

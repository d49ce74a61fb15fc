/**
 * `newsletter send` on a state it cannot use — the command where a stack trace or a
 * half-done start costs most: exactly one error line naming the state (never its password)
 * with a hint, exit 1, no stack, nothing mailed and the state left as it was. SQLite: a
 * damaged file, a newer schema, a folder this user may not write; PostgreSQL: nothing
 * listening, a wrong password, a newer schema, a role without grants. Then the other
 * commands that use the state, on a damaged file and an unreachable database. (status,
 * unsubscribe and the subscribers commands: state-errors.e2e and state-postgres.e2e.)
 */
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/state/postgres/store.js';
import { hasStackTrace, removeCliForOthers, runCli, type CliResult } from '../helpers/cli.js';
import { pgRows, usePostgres } from '../helpers/postgres.js';
import { ISSUE, SECRET, exampleProject } from '../helpers/send-fixtures.js';
import { sinksClosedAfterEach, type SmtpSink } from '../helpers/smtp-sink.js';

const NOBODY = 65534;
const server = usePostgres();
const startSink = sinksClosedAfterEach();
const folders: string[] = [];
afterAll(() => {
  removeCliForOthers();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

interface Case {
  env?: Record<string, string>;
  uid?: number;
  /** What the state looks like afterwards, to compare with before. */
  look?(): Promise<unknown>;
}

function project(): { dir: string; state: string } {
  const dir = exampleProject();
  folders.push(dir);
  return { dir, state: join(dir, '.newsletter') };
}


/** A database with the newsletter's schema in it. */
async function pgState(): Promise<string> {
  const url = await server.createDatabase();
  await (await openPostgresStore(url)).close();
  return url;
}

const cases: [string, RegExp, (dir: string, state: string) => Promise<Case>][] = [
  [
    'SQLite: a damaged state file',
    /^error: the state file is damaged or not a newsletter state \(.*\.newsletter\/state\.sqlite\): .*\(SQLITE_NOTADB\)$/,
    async (_dir, state) => {
      mkdirSync(state);
      writeFileSync(join(state, 'state.sqlite'), 'a note saved in the wrong place, not a database\n'.repeat(100));
      return { look: async () => readFileSync(join(state, 'state.sqlite'), 'utf8') };
    },
  ],
  [
    'SQLite: a state from a newer newsletter',
    /^error: the state was written by a newer newsletter \(.*state\.sqlite\): it has schema version 99, this newsletter knows up to \d+$/,
    async (_dir, state) => {
      mkdirSync(state);
      const db = new Database(join(state, 'state.sqlite'));
      db.pragma('user_version = 99');
      db.close();
      return {
        look: async () => {
          const again = new Database(join(state, 'state.sqlite'), { readonly: true });
          try {
            return { version: again.pragma('user_version', { simple: true }), tables: again.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() };
          } finally {
            again.close();
          }
        },
      };
    },
  ],
  [
    'SQLite: a state folder this user may only read (run as nobody)',
    /^error: the state cannot be written \(.*state\.sqlite\): .*\((SQLITE_READONLY|SQLITE_CANTOPEN|EACCES)[A-Z_]*\)$/,
    async (dir, state) => {
      const made = await runCli(['unsubscribe', 'someone@example.org'], { cwd: dir, env: { NEWSLETTER_SECRET: SECRET, NEWSLETTER_STATE_DIR: undefined } });
      expect(made.code).toBe(0);
      // the project readable for others, the state writable for nobody but root
      const open = (path: string) => {
        chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
        if (statSync(path).isDirectory()) for (const name of readdirSync(path)) open(join(path, name));
      };
      open(dir);
      const db = () => new Database(join(state, 'state.sqlite'), { readonly: true });
      return {
        uid: NOBODY,
        look: async () => {
          const again = db();
          try {
            return again.prepare('SELECT (SELECT count(*) FROM send_recipient) AS rows, (SELECT count(*) FROM send_run) AS runs').get();
          } finally {
            again.close();
          }
        },
      };
    },
  ],
  ['PostgreSQL: nothing listening', /^error: the state database cannot be reached \(postgres:\/\/newsletter_admin:\*\*\*@127\.0\.0\.1:1\/postgres\): nothing listens there/, async () => ({ env: { NEWSLETTER_DATABASE_URL: `postgres://newsletter_admin:${server.password}@127.0.0.1:1/postgres` } })],
  [
    'PostgreSQL: a wrong password',
    /^error: the state database refused the login \(postgres:\/\/newsletter_admin:\*\*\*@127\.0\.0\.1:\d+\/\w+\): wrong password/,
    async () => {
      const url = new URL(await pgState());
      url.password = 'not-the-password';
      return { env: { NEWSLETTER_DATABASE_URL: url.toString() } };
    },
  ],
  [
    'PostgreSQL: a schema from a newer newsletter',
    /^error: the state was written by a newer newsletter \(postgres:\/\/newsletter_admin:\*\*\*@.*\): it has schema version 99, this newsletter knows up to \d+$/,
    async () => {
      const url = await pgState();
      await pgRows(url, 'UPDATE newsletter_schema SET version = 99');
      return { env: { NEWSLETTER_DATABASE_URL: url }, look: () => pgRows(url, 'SELECT version, (SELECT count(*) FROM send_run) AS runs FROM newsletter_schema') };
    },
  ],
  [
    'PostgreSQL: a role without grants on the tables',
    /^error: the state database refused the request \(postgres:\/\/editor:\*\*\*@.*\): the role lacks a grant: permission denied for table \w+ \(SQLSTATE 42501\)$/,
    async () => {
      const url = await pgState();
      const database = new URL(url).pathname.slice(1);
      await pgRows(url, `CREATE ROLE editor LOGIN PASSWORD 'editor-pw'`).catch(() => undefined);
      const editor = new URL(url);
      editor.username = 'editor';
      editor.password = 'editor-pw';
      return { env: { NEWSLETTER_DATABASE_URL: editor.toString() }, look: () => pgRows(url, `SELECT (SELECT count(*) FROM send_run) AS runs, (SELECT count(*) FROM send_lease) AS leases, '${database}' AS db`) };
    },
  ],
];

test.each(cases)('%s: one error line with a hint, exit 1, no stack, nothing mailed, the state as it was', async (_name, message, setUp) => {
  const { dir, state } = project();
  const problem = await setUp(dir, state);
  const before = await problem.look?.();
  const sink: SmtpSink = await startSink();
  const result: CliResult = await runCli(['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes'], {
    cwd: dir,
    env: { NEWSLETTER_SECRET: SECRET, NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined, NEWSLETTER_DKIM_KEY: undefined, NEWSLETTER_DATABASE_URL: undefined, ...problem.env },
    ...(problem.uid !== undefined ? { uid: problem.uid } : {}),
  });
  // the code and everything it said, so a failure shows both
  expect({ code: result.code, errors: result.stderr.match(/^error: .*$/gm) }).toEqual({ code: 1, errors: [expect.stringMatching(message)] });
  expect(result.stderr).toMatch(/^ {2}hint: /m);
  expect(result.stderr).not.toContain('internal error');
  expect(hasStackTrace(result.stderr + result.stdout)).toBe(false);
  expect(result.stderr + result.stdout).not.toContain(server.password);
  expect(sink.messages).toHaveLength(0);
  expect(await problem.look?.()).toEqual(before);
}, 60_000);

const commands = [
  ['send', ISSUE, '--to', 'readers.csv', '--dry-run'],
  ['unlock', ISSUE, '--yes'],
  ['report', ISSUE],
  ['state', 'info'],
  ['state', 'export'],
  ['subscribers', 'restore', 'anna@example.org'],
];
describe.each([
  ['SQLite: a damaged state file', /^error: the state file is damaged or not a newsletter state \(.*state\.sqlite\): .*\(SQLITE_NOTADB\)$/, false],
  ['PostgreSQL: nothing listening', /^error: the state database cannot be reached \(postgres:\/\/newsletter_admin:\*\*\*@127\.0\.0\.1:1\/postgres\): nothing listens there/, true],
])('%s', (_name, message, postgres) => {
  test.each(commands.map((args) => [args.join(' '), args] as const))('newsletter %s: one error line with a hint, exit 1, no stack', async (_shown, args) => {
    const { dir, state } = project();
    if (!postgres) {
      mkdirSync(state);
      writeFileSync(join(state, 'state.sqlite'), 'a note saved in the wrong place, not a database\n'.repeat(100));
    }
    const env = postgres ? { NEWSLETTER_DATABASE_URL: `postgres://newsletter_admin:${server.password}@127.0.0.1:1/postgres` } : {};
    const result = await runCli([...args], { cwd: dir, env: { NEWSLETTER_SECRET: SECRET, NEWSLETTER_STATE_DIR: undefined, NEWSLETTER_DATABASE_URL: undefined, ...env } });
    expect({ code: result.code, errors: result.stderr.match(/^error: .*$/gm) }).toEqual({ code: 1, errors: [expect.stringMatching(message)] });
    expect(result.stderr).toMatch(/^ {2}hint: /m);
    expect(hasStackTrace(result.stderr + result.stdout)).toBe(false);
    expect(result.stderr + result.stdout).not.toContain(server.password);
  });
});

import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, removeCliForOthers, runCli, tempProject, type CliResult } from '../helpers/cli.js';
import { suppress } from '../helpers/sqlite-state.js';

const NOBODY = 65534;

function project(): { dir: string; state: string } {
  const dir = tempProject(['issues', 'newsletter.config.yaml', 'subscribers.example.csv']);
  return { dir, state: join(dir, '.newsletter') };
}

function expectStateError(result: CliResult, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('hint: ');
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toContain('This is a bug');
  expect(hasStackTrace(result.stderr)).toBe(false);
}

const reading = [
  ['status', 'issues/2020-12-nr34.de.yaml'],
  ['subscribers', 'suppressed'],
  ['subscribers', 'check', 'subscribers.example.csv'],
];
const writing = [['unsubscribe', 'anna@example.org']];

describe('a state that cannot be used: one located message, exit 1, no stack', () => {
  test.each([...reading, ...writing])('a damaged state file: newsletter %s …', async (...args) => {
    const { dir, state } = project();
    mkdirSync(state);
    writeFileSync(join(state, 'state.sqlite'), 'this is not a database, it is a note someone saved here by mistake\n'.repeat(100));
    const result = await runCli(args, { cwd: dir });
    expectStateError(result, /error: the state file is damaged or not a newsletter state \(.*\.newsletter\/state\.sqlite\): SQLite says the file is not a database or is damaged \(SQLITE_NOTADB\)/);
  });

  test.each([...reading, ...writing])('a state from a newer newsletter: newsletter %s …', async (...args) => {
    const { dir, state } = project();
    mkdirSync(state);
    const db = new Database(join(state, 'state.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    const result = await runCli(args, { cwd: dir });
    expectStateError(result, /error: the state was written by a newer newsletter \(.*state\.sqlite\): it has schema version 99, this newsletter knows up to \d+/);
    expect(result.stderr).toContain('hint: update newsletter');
  });

  describe('a state folder this user may read but not write (run as nobody)', () => {
    let dir: string;
    let state: string;
    beforeAll(() => {
      ({ dir, state } = project());
      suppress(state, [['bob@example.org', 'one-click']]);
      // readable for others, writable for nobody but root (the files were made 0660/0770)
      const open = (path: string) => {
        chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
        if (statSync(path).isDirectory()) for (const name of readdirSync(path)) open(join(path, name));
      };
      open(dir);
    });
    afterAll(removeCliForOthers);

    test.each(reading)('newsletter %s … still works: read-only commands read a read-only state', async (...args) => {
      const result = await runCli(args, { cwd: dir, uid: NOBODY });
      expect(result.stderr).not.toMatch(/error/);
      expect(result.code).toBe(0);
    });

    test('newsletter subscribers suppressed lists what the read-only state holds', async () => {
      const result = await runCli(['subscribers', 'suppressed', '--json'], { cwd: dir, uid: NOBODY });
      expect(JSON.parse(result.stdout)).toMatchObject({ count: 1, entries: [{ email: 'bob@example.org' }] });
    });

    test('newsletter unsubscribe: cannot be written, and says what to do', async () => {
      const result = await runCli(['unsubscribe', 'anna@example.org'], { cwd: dir, uid: NOBODY });
      expectStateError(result, /error: the state cannot be written \(.*state\.sqlite\): .*\((SQLITE_READONLY|SQLITE_CANTOPEN|EACCES)[A-Z_]*\)/);
    });
  });

  test('a full disk: the unsubscribe is refused with a message, nothing half-written', async () => {
    const { dir } = project();
    // a 1 MB file system of its own, filled up after the state was made
    const script = [
      'set -e',
      'mount -t tmpfs -o size=1m tmpfs "$STATE"',
      '"$@" unsubscribe first@example.org --state "$STATE" >/dev/null',
      'dd if=/dev/zero of="$STATE/filler" bs=4k 2>/dev/null || true',
      'exec "$@" unsubscribe second@example.org --state "$STATE"',
    ].join('\n');
    const state = join(dir, 'tmpfs-state');
    mkdirSync(state);
    const result = await runCli([], { cwd: dir, env: { STATE: state }, wrap: ['unshare', '--mount', '--fork', 'sh', '-c', `${script}`, 'sh'] });
    expectStateError(result, /error: the disk holding the state is full \(.*state\.sqlite\): .*\((SQLITE_FULL|ENOSPC|SQLITE_IOERR_[A-Z]+)\)/);
  });
});

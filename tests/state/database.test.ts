import Database from 'better-sqlite3';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrate, openStateDatabase, resolveStateDir, STATE_FILE_NAME } from '../../src/state/database.js';
import { MIGRATIONS } from '../../src/state/migrations.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'newsletter-db-'));

describe('the state database', () => {
  test('is created as a real WAL-mode file with the whole schema', () => {
    const dir = join(freshDir(), 'nested', '.newsletter');
    const db = openStateDatabase(dir);
    expect(existsSync(join(dir, STATE_FILE_NAME))).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toContain('suppression');
    db.close();
  });

  test('opening again applies nothing twice and keeps the data', () => {
    const dir = freshDir();
    const db = openStateDatabase(dir);
    db.prepare("INSERT INTO suppression (email_key, email, reason, created_at) VALUES ('a@example.org', 'a@example.org', 'by-hand', '2026-01-01T00:00:00.000Z')").run();
    db.close();
    const again = openStateDatabase(dir);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT COUNT(*) AS n FROM suppression').get()).toEqual({ n: 1 });
    again.close();
  });

  test('a database of an older version is brought up step by step', () => {
    const dir = freshDir();
    const old = new Database(join(dir, STATE_FILE_NAME));
    old.exec(MIGRATIONS[0].sql);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO suppression VALUES ('a@example.org', 'a@example.org', 'bounced', '550 5.1.1', NULL, '2026-01-01T00:00:00.000Z')").run();
    old.prepare("INSERT INTO suppression VALUES ('b@example.org', 'b@example.org', 'one-click', NULL, 'news.example.org', '2026-01-02T00:00:00.000Z')").run();
    old.close();
    const db = openStateDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    // older entries keep their reason, detail and list, and learn where they came from
    expect(db.prepare('SELECT email_key, reason, detail, list_id, source FROM suppression ORDER BY id').all()).toEqual([
      { email_key: 'a@example.org', reason: 'bounced', detail: '550 5.1.1', list_id: null, source: 'send' },
      { email_key: 'b@example.org', reason: 'one-click', detail: null, list_id: 'news.example.org', source: 'endpoint' },
    ]);
    db.close();
  });

  test('a database newer than this version is refused rather than misread', () => {
    const db = new Database(join(freshDir(), STATE_FILE_NAME));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db, 'state.sqlite')).toThrow(
      `the state was written by a newer newsletter (state.sqlite): it has schema version ${MIGRATIONS.length + 1}, this newsletter knows up to ${MIGRATIONS.length}`,
    );
    db.close();
  });

  test('the suppression reason is checked by the schema', () => {
    const db = openStateDatabase(freshDir());
    expect(() =>
      db.prepare("INSERT INTO suppression (email_key, email, reason, created_at) VALUES ('a@example.org', 'a@example.org', 'because', '2026-01-01T00:00:00.000Z')").run(),
    ).toThrow(/CHECK constraint failed/);
    db.close();
  });
});

describe('resolveStateDir', () => {
  test.each([
    ['--state wins', 'custom', { NEWSLETTER_STATE_DIR: '/srv/state' }, resolve('custom')],
    ['then NEWSLETTER_STATE_DIR', undefined, { NEWSLETTER_STATE_DIR: '/srv/state' }, '/srv/state'],
    ['else .newsletter beside the config', undefined, {}, '/projects/news/.newsletter'],
  ])('%s', (_name, flag, env, expected) => {
    expect(resolveStateDir('/projects/news', flag, env)).toBe(expected);
  });
});

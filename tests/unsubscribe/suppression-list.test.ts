import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATE_FILE_NAME } from '../../src/state/database.js';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import { readSubscriberList } from '../../src/subscribers/index.js';

// the list's own rules (case, punycode, per list, counts) are in tests/helpers/state-suites.ts, run on every backend
const freshState = () => mkdtempSync(join(tmpdir(), 'newsletter-state-'));

describe('the suppression list (a real SQLite file)', () => {
  test('entries survive closing and reopening the state file, and another connection sees them at once', async () => {
    const dir = freshState();
    const store = openSqliteStore(dir);
    const other = new Database(join(dir, STATE_FILE_NAME), { readonly: true });
    await store.suppression.add({ email: 'a@example.org', reason: 'one-click' });
    expect(other.prepare('SELECT email_key, reason FROM suppression').all()).toEqual([{ email_key: 'a@example.org', reason: 'one-click' }]);
    other.close();
    await store.close();
    const reopened = openSqliteStore(dir);
    expect(await reopened.suppression.get('a@example.org')).toBeDefined();
    await reopened.close();
  });

  test('the suppression list wins over a CSV that still lists the reader, through every re-import', async () => {
    const dir = freshState();
    const csv = join(dir, 'subscribers.csv');
    writeFileSync(csv, 'email,name\nanna@example.org,Anna\nbob@example.org,Bob\n');
    const store = openSqliteStore(dir);
    await store.suppression.add({ email: 'Anna@Example.org', reason: 'one-click' });
    await store.close();

    // a fresh process would open the state anew and re-read an edited list
    writeFileSync(csv, 'E-Mail;Name\nbob@example.org;Bob\nANNA@EXAMPLE.ORG;Anna again\ncarl@example.org;Carl\n');
    const again = openSqliteStore(dir);
    const keys = await again.suppression.keys();
    const list = await readSubscriberList(csv);
    expect(list.subscribers.filter((s) => !keys.has(s.key)).map((s) => s.email)).toEqual(['bob@example.org', 'carl@example.org']);
    await again.close();
  });
});

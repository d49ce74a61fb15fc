import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateDatabase, STATE_FILE_NAME } from '../../src/state/database.js';
import { readSubscriberList } from '../../src/subscribers/index.js';
import { openSuppressionList } from '../../src/unsubscribe/index.js';

const freshState = () => mkdtempSync(join(tmpdir(), 'newsletter-state-'));

describe('the suppression list (a real SQLite file)', () => {
  test('add, has and get compare the whole address case-insensitively, domains as punycode', () => {
    const db = openStateDatabase(freshState());
    const list = openSuppressionList(db);
    const { added, entry } = list.add('  Anna.Schmidt@München.example ', 'by-hand');
    expect(added).toBe(true);
    expect(entry).toMatchObject({ email: 'Anna.Schmidt@xn--mnchen-3ya.example', key: 'anna.schmidt@xn--mnchen-3ya.example', reason: 'by-hand' });
    expect(entry.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(list.has('anna.schmidt@xn--mnchen-3ya.example')).toBe(true);
    expect(list.has('ANNA.SCHMIDT@münchen.example')).toBe(true);
    expect(list.has('anna.schmidt@example.org')).toBe(false);
    expect(list.get('other@example.org')).toBeUndefined();
    db.close();
  });

  test('adding again keeps the first entry and its reason', () => {
    const db = openStateDatabase(freshState());
    const list = openSuppressionList(db);
    list.add('bob@example.org', 'one-click', undefined, 'news.example.org');
    const again = list.add('BOB@example.org', 'bounced', '550 5.1.1 no such user');
    expect(again.added).toBe(false);
    expect(again.entry).toMatchObject({ email: 'bob@example.org', reason: 'one-click', listId: 'news.example.org' });
    expect(list.list()).toHaveLength(1);
    db.close();
  });

  test('counts keep readers who unsubscribed apart from hard bounces; keys() maps key → reason', () => {
    const db = openStateDatabase(freshState());
    const list = openSuppressionList(db);
    list.add('a@example.org', 'one-click');
    list.add('b@example.org', 'confirm-page');
    list.add('c@example.org', 'by-hand');
    list.add('d@example.org', 'bounced', '550 5.1.1 <d@example.org>: Recipient address rejected');
    expect(list.counts()).toEqual({ unsubscribed: 3, bounced: 1 });
    expect(list.keys()).toEqual(
      new Map([
        ['a@example.org', 'one-click'],
        ['b@example.org', 'confirm-page'],
        ['c@example.org', 'by-hand'],
        ['d@example.org', 'bounced'],
      ]),
    );
    expect(list.get('d@example.org')!.detail).toBe('550 5.1.1 <d@example.org>: Recipient address rejected');
    db.close();
  });

  test('remove takes an address off, in any case, and says whether it was there', () => {
    const db = openStateDatabase(freshState());
    const list = openSuppressionList(db);
    list.add('a@example.org', 'by-hand');
    expect(list.remove('A@EXAMPLE.ORG')).toBe(true);
    expect(list.remove('a@example.org')).toBe(false);
    expect(list.has('a@example.org')).toBe(false);
    db.close();
  });

  test('entries survive closing and reopening the state file, and another connection sees them at once', () => {
    const dir = freshState();
    const db = openStateDatabase(dir);
    const other = new Database(join(dir, STATE_FILE_NAME), { readonly: true });
    openSuppressionList(db).add('a@example.org', 'one-click');
    expect(other.prepare('SELECT email_key, reason FROM suppression').all()).toEqual([{ email_key: 'a@example.org', reason: 'one-click' }]);
    other.close();
    db.close();
    const reopened = openStateDatabase(dir);
    expect(openSuppressionList(reopened).has('a@example.org')).toBe(true);
    reopened.close();
  });

  test('the suppression list wins over a CSV that still lists the reader, through every re-import', async () => {
    const dir = freshState();
    const csv = join(dir, 'subscribers.csv');
    writeFileSync(csv, 'email,name\nanna@example.org,Anna\nbob@example.org,Bob\n');
    const db = openStateDatabase(dir);
    openSuppressionList(db).add('Anna@Example.org', 'one-click');
    db.close();

    // a fresh process would open the state anew and re-read an edited list
    writeFileSync(csv, 'E-Mail;Name\nbob@example.org;Bob\nANNA@EXAMPLE.ORG;Anna again\ncarl@example.org;Carl\n');
    const again = openStateDatabase(dir);
    const suppression = openSuppressionList(again);
    const list = await readSubscriberList(csv);
    const mailed = list.subscribers.filter((s) => !suppression.has(s.key)).map((s) => s.email);
    expect(mailed).toEqual(['bob@example.org', 'carl@example.org']);
    again.close();
  });
});

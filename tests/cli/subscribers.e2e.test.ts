import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suppress as suppressAll } from '../helpers/sqlite-state.js';
import { hasStackTrace, repoRoot, runCli, tempProject } from '../helpers/cli.js';

const excel = join(repoRoot, 'tests', 'fixtures', 'csv', 'excel-semicolon-bom-crlf.csv');
const cp1252 = join(repoRoot, 'tests', 'fixtures', 'csv', 'windows-1252.csv');

function suppress(stateDir: string, entries: [string, 'one-click' | 'bounced' | 'by-hand'][]): void {
  suppressAll(stateDir, entries.map(([email, reason]) => [email, reason, reason === 'bounced' ? '550 5.1.1 user unknown' : undefined]));
}

describe('newsletter subscribers check', () => {
  test('--json: the contract\'s shape for an Excel export, exit 0', async () => {
    const dir = tempProject();
    const result = await runCli(['subscribers', 'check', excel, '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      file: excel,
      rows: 5,
      valid: 3,
      invalid: [{ line: 6, value: 'kein-at-zeichen', reason: 'not an email address (expected name@domain)' }],
      duplicates: [{ line: 7, email: 'ANNA.SCHMIDT@example.org', first_line: 2 }],
      invalid_rows: 1,
      duplicate_rows: 1,
      unsubscribed: 0,
      bounced: 0,
    });
    expect(existsSync(join(dir, '.newsletter'))).toBe(false);
  });

  test('a long list: counts every invalid row and duplicate, lists the first 20 of each with their lines', async () => {
    const dir = tempProject();
    const rows = ['email'];
    for (let i = 1; i <= 30; i++) rows.push(`reader${i}@example.org`, `broken-${i}`);
    // the same 30 addresses again, in another case: duplicates of rows far above
    for (let i = 1; i <= 30; i++) rows.push(`READER${i}@example.org`);
    const file = join(dir, 'long.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const result = await runCli(['subscribers', 'check', file, '--json'], { cwd: dir });
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ rows: 90, valid: 30, invalid_rows: 30, duplicate_rows: 30 });
    expect(json.invalid).toHaveLength(20);
    expect(json.invalid[0]).toEqual({ line: 3, value: 'broken-1', reason: 'not an email address (expected name@domain)' });
    expect(json.duplicates).toHaveLength(20);
    expect(json.duplicates[19]).toEqual({ line: 81, email: 'READER20@example.org', first_line: 40 });
    const human = await runCli(['subscribers', 'check', file], { cwd: dir });
    expect(human.stdout).toContain('  … and 10 more (the first 20 are shown)');
  });

  test('counts readers who unsubscribed apart from hard bounces', async () => {
    const dir = tempProject();
    const state = join(dir, 'state');
    suppress(state, [
      ['anna.schmidt@EXAMPLE.org', 'one-click'],
      ['j.ogunleye@example.com', 'bounced'],
      ['not-on-this-list@example.org', 'by-hand'],
    ]);
    const result = await runCli(['subscribers', 'check', excel, '--json', '--state', state], { cwd: dir });
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: 3, unsubscribed: 1, bounced: 1 });
    const human = await runCli(['subscribers', 'check', excel], { cwd: dir, env: { NEWSLETTER_STATE_DIR: state } });
    expect(human.code).toBe(0);
    expect(human.stdout).toBe(
      [
        'excel-semicolon-bom-crlf.csv: 5 rows, 3 valid addresses',
        'invalid (skipped): 1 row',
        '  line 6: "kein-at-zeichen": not an email address (expected name@domain)',
        'duplicates (mailed once): 1 row',
        '  line 7: ANNA.SCHMIDT@example.org (first on line 2)',
        'unsubscribed: 1, bounced: 1 (on the suppression list: never mailed)',
        'would be mailed: 1',
        '',
      ].join('\n'),
    );
  });

  test('a Windows-1252 file: exit 1 naming the fix, then read with --encoding windows-1252', async () => {
    const dir = tempProject();
    const refused = await runCli(['subscribers', 'check', cp1252], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: ${cp1252}:2: the file is not UTF-8 text (probably an Excel export in Windows-1252)\n` +
        '  hint: in Excel use "Save as" → "CSV UTF-8", or read it as it is with --encoding windows-1252\n',
    );
    expect(refused.stdout).toBe('');
    const read = await runCli(['subscribers', 'check', cp1252, '--encoding', 'windows-1252', '--json'], { cwd: dir });
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ rows: 3, valid: 2, invalid: [{ line: 4, value: 'bad\u00a0row@example.org' }] });
  });

  test('a UTF-8 file read with --encoding windows-1252: exit 1, showing the garbled name instead of mailing it', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'list.csv'), 'email;Vorname\r\nj.weber@example.org;Jonas\r\njuergen@example.org;Jürgen\r\n');
    const result = await runCli(['subscribers', 'check', 'list.csv', '--encoding', 'windows-1252'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: list.csv is UTF-8 text, but --encoding windows-1252 would garble it: line 3 would say "JÃ¼rgen" instead of "Jürgen"\n' +
        '  hint: leave out --encoding windows-1252: UTF-8 is the default\n',
    );
    expect(result.stdout).toBe('');
    const plain = await runCli(['subscribers', 'check', 'list.csv', '--json'], { cwd: dir });
    expect(JSON.parse(plain.stdout)).toMatchObject({ rows: 2, valid: 2 });
  });

  test('language values the config does not know: listed with their count and lines (they would get the default)', async () => {
    const dir = tempProject(['newsletter.config.yaml', 'issues/images/logo.png']);
    const rows = ['a@example.org,de', 'b@example.org,Englisch', 'c@example.org,en-GB', 'd@example.org,', 'e@example.org,Englisch', 'f@example.org,fr'];
    writeFileSync(join(dir, 'list.csv'), ['email,language', ...rows, ''].join('\n'));
    const human = await runCli(['subscribers', 'check', 'list.csv'], { cwd: dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      [
        'unknown language (mailed in the default, de): 3 rows',
        '  "Englisch": 2 rows (lines 3, 6)',
        '  "fr": 1 row (line 7)',
        '  hint: the newsletter comes in de, en; write one of these (en-GB counts as en), or leave the cell empty for the default',
      ].join('\n'),
    );
    const json = JSON.parse((await runCli(['subscribers', 'check', 'list.csv', '--json'], { cwd: dir })).stdout);
    expect(json.unknown_languages).toEqual([
      { value: 'Englisch', count: 2, lines: [3, 6] },
      { value: 'fr', count: 1, lines: [7] },
    ]);
  });

  test.each([
    ['a missing file', 'nowhere.csv', undefined, 'error: subscriber list nowhere.csv not found\n  hint: check the file name and the folder it is in\n'],
    [
      'no email column',
      'people.csv',
      'Name;Telefon\nAnna;123\n',
      'error: people.csv has no email column (found "Name", "Telefon")\n  hint: name the column "email" (or E-Mail, Mail, E-Mail-Adresse), or map it in newsletter.config.yaml: subscribers: {columns: {email: "<your column>"}}\n',
    ],
  ])('%s: exit 1, no stack trace', async (_name, file, content, stderr) => {
    const dir = tempProject();
    if (content) writeFileSync(join(dir, file), content);
    const result = await runCli(['subscribers', 'check', file], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(stderr);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  test('in the example project: the config is used and the example list reads clean', async () => {
    const dir = tempProject(['newsletter.config.yaml', 'issues/images/logo.png', 'subscribers.example.csv']);
    const result = await runCli(['subscribers', 'check', 'subscribers.example.csv', '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 5, valid: 5, invalid: [], duplicates: [], unsubscribed: 0, bounced: 0 });
  });
});

describe('newsletter subscribers suppressed and restore', () => {
  test('lists, exports as CSV and as JSON', async () => {
    const dir = tempProject();
    const state = join(dir, 'state');
    suppress(state, [
      ['b@example.org', 'one-click'],
      ['c@example.org', 'bounced'],
    ]);
    const listed = await runCli(['subscribers', 'suppressed', '--state', state], { cwd: dir });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d {2}one-click {5}b@example\.org\n/);
    expect(listed.stdout).toMatch(/ {2}bounced {7}c@example\.org {2}\(550 5\.1\.1 user unknown\)\n/);
    expect(listed.stdout).toMatch(/2 suppressed: 1 unsubscribed, 1 bounced\n$/);

    const json = await runCli(['subscribers', 'suppressed', '--json', '--state', state], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({
      count: 2,
      unsubscribed: 1,
      bounced: 1,
      entries: [
        { email: 'b@example.org', reason: 'one-click', detail: null },
        { email: 'c@example.org', reason: 'bounced', detail: '550 5.1.1 user unknown' },
      ],
    });

    const exported = await runCli(['subscribers', 'suppressed', '--export', 'out.csv', '--state', state], { cwd: dir });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe(`wrote 2 addresses to ${join(dir, 'out.csv')}\n`);
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('"email","reason","detail","list_id","created_at","issue_id","source"');
    expect(csv[1]).toMatch(/^"b@example\.org","one-click","","","\d{4}-.*Z","",""$/);
    expect(csv[2]).toMatch(/^"c@example\.org","bounced","550 5\.1\.1 user unknown","",/);
  });

  test('an empty suppression list says so and creates no state', async () => {
    const dir = tempProject();
    const result = await runCli(['subscribers', 'suppressed'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`The suppression list is empty (state: ${join(dir, '.newsletter')}).\n`);
    expect(existsSync(join(dir, '.newsletter'))).toBe(false);
  });

  test('restore takes an address off (any case); a second restore is an error', async () => {
    const dir = tempProject();
    const state = join(dir, 'state');
    suppress(state, [['Anna@example.org', 'one-click']]);
    const restored = await runCli(['subscribers', 'restore', 'ANNA@EXAMPLE.ORG', '--state', state], { cwd: dir });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Anna@example\.org is off the suppression list and will get the next issue \(it unsubscribed with one click on \d{4}-\d\d-\d\d\)\.\n$/);
    expect(restored.stderr).toBe('warning: this reader unsubscribed themselves: mail them again only because they asked for it\n');
    const again = await runCli(['subscribers', 'restore', 'anna@example.org', '--state', state], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: anna@example.org is not on the suppression list\n  hint: run "newsletter subscribers suppressed" to see who is\n');
  });
});

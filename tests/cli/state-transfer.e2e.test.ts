import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, tempProject, type CliResult } from '../helpers/cli.js';
import { usePostgres } from '../helpers/postgres.js';
import { suppress } from '../helpers/sqlite-state.js';

const server = usePostgres();

function project(): string {
  return tempProject(['issues', 'newsletter.config.yaml']);
}

/** A PostgreSQL state reached without a password in any argument. */
async function database(): Promise<Record<string, string>> {
  const url = new URL(await server.createDatabase());
  url.password = '';
  return { NEWSLETTER_DATABASE_URL: url.toString(), PGPASSWORD: server.password };
}

function expectClean(result: CliResult): void {
  expect(result.stdout + result.stderr).not.toContain(server.password);
  expect(hasStackTrace(result.stderr)).toBe(false);
}

describe('newsletter state export / state import', () => {
  test('SQLite → CSV → PostgreSQL: the database exports the very same file; a second import adds nothing', async () => {
    const dir = project();
    // a per-list unsubscribe (the project's list) and global bounces whose fields need quoting or defusing
    expect((await runCli(['unsubscribe', 'anna@example.org'], { cwd: dir })).code).toBe(0);
    suppress(join(dir, '.newsletter'), [
      ['ben@example.org', 'bounced', '550 5.1.1 "ben" unknown, sorry'],
      ['-carla@example.org', 'complained', '=HYPERLINK("http://x")'],
      ['dan@example.org', 'bounced', 'line one\nline two'],
    ]);
    const exported = await runCli(['state', 'export', '--out', 'suppressed.csv'], { cwd: dir });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('wrote 4 addresses to');
    const csv = readFileSync(join(dir, 'suppressed.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('"email","reason","detail","list_id","created_at","issue_id","source"');
    expect(csv).toContain('"\'-carla@example.org","complained","\'=HYPERLINK(""http://x"")"');

    const env = await database();
    const imported = await runCli(['state', 'import', 'suppressed.csv'], { cwd: dir, env });
    expectClean(imported);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('state import: suppressed.csv → state: PostgreSQL postgres://newsletter_admin@127.0.0.1:');
    expect(imported.stdout).toContain('added 4 entries; 0 were on the list already and stay as they are');

    const back = await runCli(['state', 'export'], { cwd: dir, env });
    expect(back.code).toBe(0);
    // the same rows; an entry that never said where it came from now says: this import
    expect(back.stdout).toBe(csv.replace(/,""\r\n/g, ',"import"\r\n'));

    const again = await runCli(['state', 'import', 'suppressed.csv'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to import: every entry of the file is on the suppression list already (4)');

    // subscribers suppressed --export writes the same file
    expect((await runCli(['subscribers', 'suppressed', '--export', 'same.csv'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'same.csv'), 'utf8')).toBe(csv);
  });

  test('an import merges: an existing suppression is never weakened or overwritten, and says so; --dry-run writes nothing', async () => {
    const dir = project();
    const env = await database();
    expect((await runCli(['unsubscribe', 'anna@example.org', '--state', 'other'], { cwd: dir })).code).toBe(0);
    suppress(join(dir, 'other'), [['ben@example.org', 'bounced', '5.1.1']]);
    // the database knows anna as bounced, for every list
    writeFileSync(join(dir, 'there.csv'), 'email,reason,detail\nanna@example.org,bounced,5.1.1\n');
    expect((await runCli(['state', 'import', 'there.csv'], { cwd: dir, env })).code).toBe(0);
    expect((await runCli(['state', 'export', '--out', 'here.csv', '--state', 'other'], { cwd: dir })).code).toBe(0);

    const dry = await runCli(['state', 'import', 'here.csv', '--dry-run'], { cwd: dir, env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would add 1 entry; 1 was on the list already and stay as they are');
    expect(dry.stdout).toContain('  + ben@example.org (every list): bounced');
    expect(dry.stdout).toContain('  anna@example.org (every list) stays bounced (the file says by-hand)');
    expect(dry.stdout).toContain('dry run: nothing was written');
    expect((await runCli(['state', 'export'], { cwd: dir, env })).stdout).not.toContain('ben@example.org');

    const merged = await runCli(['state', 'import', 'here.csv', '--json'], { cwd: dir, env });
    expect(JSON.parse(merged.stdout)).toMatchObject({ dryRun: false, rows: 2, added: 1, already: 1, kept_otherwise: [{ email: 'anna@example.org', list_id: null, kept: 'bounced', file: 'by-hand' }] });
    const after = (await runCli(['state', 'export'], { cwd: dir, env })).stdout;
    expect(after).toMatch(/"anna@example.org","bounced","5\.1\.1"/);
    expect(after).toMatch(/"ben@example.org","bounced"/);
  });

  test('bad rows are located as file:line, and one bad row imports nothing', async () => {
    const dir = project();
    const env = await database();
    writeFileSync(
      join(dir, 'bad.csv'),
      [
        'email,reason,detail,created_at',
        'ok@example.org,bounced,"a reply over',
        'two lines",2026-01-02T03:04:05Z',
        'not-an-address,unsubscribed,,',
        'eve@example.org,unsubscribe,,',
        'fay@example.org,manual,,last tuesday',
        'gus@example.org,bounced,,',
        'GUS@example.org,unsubscribed,,',
        'hal@example.org,manual,x,2026-01-01,extra',
        '',
      ].join('\r\n'),
    );
    const result = await runCli(['state', 'import', 'bad.csv'], { cwd: dir, env });
    expectClean(result);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').slice(0, 6)).toEqual([
      'bad.csv:4: "not-an-address": not an email address (expected name@domain)',
      'bad.csv:5: reason "unsubscribe" is not one of unsubscribed, bounced, complained, manual (or the older one-click, confirm-page, by-hand)',
      'bad.csv:6: created_at "last tuesday" is not a time such as 2026-11-29T10:02:11Z',
      'bad.csv:8: GUS@example.org (every list) is on line 7 already, as bounced; here as unsubscribed: keep one of the two',
      'bad.csv:9: 5 fields, but the header names 4: a comma inside a field must be quoted',
      'error: bad.csv: 5 bad rows; nothing was imported',
    ]);
    expect((await runCli(['state', 'export'], { cwd: dir, env })).stdout).toBe('"email","reason","detail","list_id","created_at","issue_id","source"\r\n');

    writeFileSync(join(dir, 'columns.csv'), 'address,reason\nx@example.org,bounced\n');
    const columns = await runCli(['state', 'import', 'columns.csv'], { cwd: dir, env });
    expect(columns.code).toBe(1);
    expect(columns.stderr).toContain('columns.csv:1: unknown column "address": expected email, reason, detail, list_id, created_at, issue_id, source');
    expect(columns.stderr).toContain('columns.csv:1: no "email" column');

    const missing = await runCli(['state', 'import', 'nope.csv'], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.csv not found');
  });
});

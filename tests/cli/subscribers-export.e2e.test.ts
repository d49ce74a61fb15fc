import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

describe('newsletter subscribers suppressed --export', () => {
  test('never overwrites an existing file, such as the subscriber list', async () => {
    const dir = tempProject();
    const state = join(dir, 'state');
    expect((await runCli(['unsubscribe', 'anna@example.org', '--state', state], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'subscribers.csv'), 'email\nben@example.org\n');
    const result = await runCli(['subscribers', 'suppressed', '--export', 'subscribers.csv', '--state', state], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('subscribers.csv exists already; the export never overwrites a file');
    expect(readFileSync(join(dir, 'subscribers.csv'), 'utf8')).toBe('email\nben@example.org\n');
  });

  test('a state folder that holds no state (a typo in --state) exports nothing and says so', async () => {
    const dir = tempProject();
    const result = await runCli(['subscribers', 'suppressed', '--export', 'keep.csv', '--state', join(dir, 'nowhere')], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/there is no state in .*nowhere, so nothing to export/);
    expect(existsSync(join(dir, 'keep.csv'))).toBe(false);
  });

  test('a folder that does not exist is a user error, not a crash', async () => {
    const dir = tempProject();
    const state = join(dir, 'state');
    expect((await runCli(['unsubscribe', 'anna@example.org', '--state', state], { cwd: dir })).code).toBe(0);
    const result = await runCli(['subscribers', 'suppressed', '--export', 'no/such/dir.csv', '--state', state], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not write .*dir\.csv \(ENOENT\)/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

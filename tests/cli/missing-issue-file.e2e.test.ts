import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

describe('status, report and bounces given a path that is not there', () => {
  test('no file and nothing in the journal: a likely typo, exit 1', async () => {
    const dir = tempProject(['issues', 'newsletter.config.yaml']);
    const result = await runCli(['status', 'issues/2020-12-nr43.de.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: issues/2020-12-nr43.de.yaml does not exist, and the journal knows no issue "2020-12-nr43"');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  test('an existing issue that was never sent: exit 0, and says so', async () => {
    const dir = tempProject(['issues', 'newsletter.config.yaml']);
    const result = await runCli(['status', 'issues/2020-12-nr34.de.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('2020-12-nr34 has not been sent anywhere yet (the journal knows nothing of it).\nstate: SQLite .newsletter/state.sqlite\n');
  });

  test('report of a file that is not there, never sent: the same likely typo, exit 1', async () => {
    const dir = tempProject(['issues', 'newsletter.config.yaml']);
    const result = await runCli(['report', 'issues/2020-12-nr43.de.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: issues/2020-12-nr43.de.yaml does not exist, and the journal knows no issue "2020-12-nr43"');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  test('bounces --maildir naming a folder that is no Maildir (no cur/, no new/): exit 1 with the path, nothing read', async () => {
    const dir = tempProject(['issues', 'newsletter.config.yaml']);
    const result = await runCli(['bounces', '--maildir', 'Maildri'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: cannot read Maildri: ENOENT');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

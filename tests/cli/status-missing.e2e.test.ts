import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

describe('newsletter status of a file that is not there', () => {
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
    expect(result.stdout).toBe('2020-12-nr34 has not been sent anywhere yet (the journal knows nothing of it).\n');
  });
});

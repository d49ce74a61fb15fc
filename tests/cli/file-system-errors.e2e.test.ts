import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

describe('a path the user named that cannot be used', () => {
  test.each([
    [['build', 'issues/2020-12-nr34.de.yaml', '--out', 'afile'], /could not mkdir .*afile\/2020-12-nr34\/de: a part of the path is a file, not a folder \(ENOTDIR\)/],
    [['init', 'afile', '--yes'], /could not mkdir .*afile: something else is already there \(EEXIST\)/],
    [['unsubscribe', 'anna@example.org', '--state', 'afile'], /the state cannot be opened \(.*afile\/state.sqlite\): a part of the path is a file, not a folder \(ENOTDIR\)/],
  ])('newsletter %j: a message and exit 1, no stack trace', async (args, message) => {
    const dir = tempProject(['issues', 'newsletter.config.yaml']);
    writeFileSync(join(dir, 'afile'), 'not a folder\n');
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('internal error');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

import { runCli, hasStackTrace } from '../helpers/cli.js';

describe('command line usage', () => {
  test.each([
    [['bogus'], /unknown command 'bogus'/],
    [['build'], /missing required argument 'issue-files'/],
    [['validate', '--nope', 'x.yaml'], /unknown option '--nope'/],
    [['send', 'x.yaml'], /required option '--to <csv>' not specified/],
    [['send', 'x.yaml', '--to', 'a.csv', '--concurrency', '0'], /expected a whole number of at least 1/],
  ])('newsletter %j is wrong usage: exit 2 with a message', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  test('--help and --version exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: newsletter');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

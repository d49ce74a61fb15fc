import { commandOf, runsBriefly } from '../../src/cli/brief-run.js';

const argv = (...args: string[]) => ['node', 'newsletter', ...args];

describe('which runs are brief (no optimizing compiler)', () => {
  test.each([
    [argv('build', 'issues/x.de.yaml'), 'build', true],
    [argv('--config', 'send', 'build', 'x'), 'build', true],
    [argv('--state', '/tmp/s', 'validate', 'x'), 'validate', true],
    [argv('--version'), undefined, true],
    [argv(), undefined, true],
    [argv('build', 'x', '--watch'), 'build', false],
    [argv('send', 'x', '--to', 'list.csv'), 'send', false],
    [argv('preview', 'x'), 'preview', false],
    [argv('serve'), 'serve', false],
    [argv('subscribers', 'check', 'big.csv'), 'subscribers', false],
    [argv('archive'), 'archive', false],
  ])('%j: %s', (args, command, brief) => {
    expect(commandOf(args)).toBe(command);
    expect(runsBriefly(args)).toBe(brief);
  });
});

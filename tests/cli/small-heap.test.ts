import { smallHeapFlags } from '../../src/cli/small-heap.js';

const argv = (...args: string[]) => ['node', 'newsletter', ...args];
const SMALL = ['--semi-space-growth-factor=1', '--heap-growing-percent=25'];

describe('which runs keep a small heap (commands that stream a list or a state)', () => {
  test.each([
    [argv('send', 'issues/x.de.yaml', '--to', 'list.csv'), SMALL],
    [argv('--config', 'c.yaml', '--state', 'build', 'send', 'x'), SMALL],
    [argv('subscribers', 'check', 'big.csv'), SMALL],
    [argv('status', 'x', '--unknown'), SMALL],
    [argv('state', 'migrate', '--to', 'postgres://db'), SMALL],
    [argv('serve'), SMALL],
    [argv('build', 'x'), []],
    [argv('preview', 'x'), []],
    [argv('--version'), []],
    [argv(), []],
  ])('%j', (args, flags) => {
    expect(smallHeapFlags(args)).toEqual(flags);
  });
});

import { join, resolve } from 'node:path';
import { displayPath, isInside } from '../../src/source/paths.js';

describe('isInside', () => {
  test.each([
    ['/a', '/a', true],
    ['/a', '/a/b/c', true],
    ['/a', '/a/..b', true],
    ['/a', '/ab', false],
    ['/a/b', '/a', false],
    ['/a', '/a/../c', false],
  ])('isInside(%s, %s) is %s', (folder, path, expected) => {
    expect(isInside(folder, path)).toBe(expected);
  });
});

describe('displayPath', () => {
  const cwd = resolve('/home/ed/news');
  test.each([
    [join(cwd, 'issues', 'a.yaml'), 'issues/a.yaml'],
    [resolve('/home/ed/other/a.yaml'), resolve('/home/ed/other/a.yaml')],
    [cwd, cwd],
  ])('%s is shown as %s', (path, shown) => {
    expect(displayPath(path, cwd)).toBe(shown);
  });
});

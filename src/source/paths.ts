/** Where a path lies, and how a message names it. */
import { isAbsolute, relative, sep } from 'node:path';

/**
 * Whether `path` is `folder` or lies inside it.
 * @example isInside('/a', '/a/b/c') // true; isInside('/a', '/ab') // false
 */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * A path as the user sees it in a message: relative to `cwd` when inside it, else absolute.
 * @example displayPath('/home/ed/news/issues/a.yaml', '/home/ed/news') // 'issues/a.yaml'
 */
export function displayPath(absolute: string, cwd: string = process.cwd()): string {
  return absolute !== cwd && isInside(cwd, absolute) ? relative(cwd, absolute) : absolute;
}

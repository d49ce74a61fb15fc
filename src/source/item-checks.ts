/**
 * Checks on an item (of an issue's section or the config's connect block) that need the
 * file system or several fields at once. They run on the raw data, so they are reported
 * even when other fields of the file have errors.
 */
import type { Problem } from '../errors.js';
import { checkImageSource } from './content-checks.js';
import { ISO_DATE } from './fields.js';
import { problemAt, type YamlSource } from './yaml-source.js';

/** An item's image file (inside `roots`, the project folder) and date range, checked on whatever the file holds. */
export function checkItem(source: YamlSource, item: unknown, path: (string | number)[], baseDir: string, roots: readonly string[] = [baseDir]): Problem[] {
  if (item === null || typeof item !== 'object') return [];
  const { image, date } = item as { image?: unknown; date?: unknown };
  const problems: Problem[] = [];
  const src = image !== null && typeof image === 'object' ? (image as { src?: unknown }).src : undefined;
  if (typeof src === 'string' && src !== '') {
    const checked = checkImageSource(source, [...path, 'image', 'src'], src, baseDir, roots);
    if (checked.problem) problems.push(checked.problem);
  }
  if (date !== null && typeof date === 'object') {
    const { from, to } = date as { from?: unknown; to?: unknown };
    if (typeof from === 'string' && typeof to === 'string' && ISO_DATE.test(from) && ISO_DATE.test(to) && from > to) {
      problems.push(problemAt(source, [...path, 'date', 'to'], `the date range ends (${to}) before it starts (${from})`));
    }
  }
  return problems;
}

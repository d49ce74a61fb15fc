/**
 * Item checks that need the file system or several fields at once. They run on the raw
 * data, so they are reported even when other fields of the file have errors.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Problem } from '../errors.js';
import { checkItem } from '../source/item-checks.js';
import type { IssueFileItem } from './schema.js';
import { SECTION_KEYS, type IssueItem } from './types.js';
import { problemAt, type YamlSource } from '../source/yaml-source.js';

/** Images that are images inside the project (`roots`), date ranges in order, and at least one item in the issue. */
export function checkSections(source: YamlSource, raw: Record<string, unknown>, baseDir: string, roots: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  let items = 0;
  for (const key of SECTION_KEYS) {
    const list = raw[key];
    if (!Array.isArray(list)) {
      if (list !== undefined) items++; // a wrong type is reported by the schema; do not also claim "no items"
      continue;
    }
    items += list.length;
    list.forEach((item: unknown, index) => problems.push(...checkItem(source, item, [key, index], baseDir, roots)));
  }
  if (items === 0) {
    const present = SECTION_KEYS.find((key) => source.doc.has(key));
    problems.push(
      problemAt(source, present ? [present] : [], 'the issue has no items: add at least one item to "review", "insight" or "outlook"', { anchor: 'key' }),
    );
  }
  return problems;
}

/** A checked item of a file, with a local image's real path (links resolved: the file that was checked). */
export function toIssueItem(item: IssueFileItem, baseDir: string): IssueItem {
  const out: IssueItem = { ...item } as IssueItem;
  if (item.image) {
    const local = !/^https:/i.test(item.image.src);
    out.image = { ...item.image, ...(local ? { path: realpathSync(resolve(baseDir, item.image.src)) } : {}) };
  }
  return out;
}

import { createHash } from 'node:crypto';
import type { IssueSet } from '../issue/types.js';

/**
 * Every language file's hash in one: a change in any language counts as a changed issue
 * (a resumed send then needs `--force`).
 */
export function issueSetHash(issueSet: IssueSet): string {
  const hash = createHash('sha256');
  for (const issue of [...issueSet.issues].sort((a, b) => a.lang.localeCompare(b.lang))) hash.update(`${issue.lang}:${issue.contentHash}\n`);
  return hash.digest('hex');
}

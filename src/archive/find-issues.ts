import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseIssueFileName } from '../issue/file-name.js';

/**
 * One file per issue id found in `<project>/issues/` (any file of a language set selects the
 * whole set), sorted by id. Files that name no issue are ignored here: `validate` reports them.
 */
export async function findIssueFiles(issuesDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(issuesDir);
  } catch {
    return [];
  }
  const byId = new Map<string, string>();
  for (const name of names.sort()) {
    const parsed = parseIssueFileName(name);
    if (parsed && !byId.has(parsed.id)) byId.set(parsed.id, join(issuesDir, name));
  }
  return [...byId.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, file]) => file);
}

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseIssueFileName } from '../issue/file-name.js';

/** One issue of `issues/`: its id and every file of its language set. */
export interface IssueFiles {
  id: string;
  files: string[];
}

/**
 * Every issue in `<project>/issues/` with its files, sorted by id. Files that name no issue
 * are ignored here: `validate` reports them.
 */
export async function findIssueSets(issuesDir: string): Promise<IssueFiles[]> {
  let names: string[];
  try {
    names = await readdir(issuesDir);
  } catch {
    return [];
  }
  const byId = new Map<string, string[]>();
  for (const name of names.sort()) {
    const parsed = parseIssueFileName(name);
    if (parsed) byId.set(parsed.id, [...(byId.get(parsed.id) ?? []), join(issuesDir, name)]);
  }
  return [...byId.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, files]) => ({ id, files }));
}

/** One file per issue id found in `<project>/issues/` (any file of a language set selects the whole set), sorted by id. */
export async function findIssueFiles(issuesDir: string): Promise<string[]> {
  return (await findIssueSets(issuesDir)).map((set) => set.files[0]);
}

// One temp folder for the whole run, removed at the end whatever happened.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp workspace outside the repository: `ws.path('lists', 'readers.csv')`, `ws.dir('state-1')`. */
export function createWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'newsletter-bench-'));
  return {
    root,
    path: (...parts) => join(root, ...parts),
    dir(...parts) {
      const dir = join(root, ...parts);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

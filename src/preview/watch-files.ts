import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface WatchedFiles {
  /** Resolves once the watcher has looked at every path. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the paths saved since the last call, once a burst of events has
 * settled (an editor's save is often several events: write, rename, chmod). Paths that do
 * not exist yet are left out; folders are watched with everything under them.
 */
export function watchFiles(paths: readonly string[], onChange: (changed: string[]) => void, settleMs = 40): WatchedFiles {
  const existing = [...new Set(paths.map((p) => resolve(p)))].filter((p) => existsSync(p));
  const watcher: FSWatcher = watch(existing, {
    ignoreInitial: true,
    // version control and the state folder change without the mail changing
    ignored: (path) => /[\\/](?:\.git|\.newsletter)(?:[\\/]|$)/.test(path),
  });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, path) => {
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...pending];
      pending = new Set();
      onChange(changed);
    }, settleMs);
  });
  const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** The folder an issue file lives in: new language files of the issue appear there. */
export function issueFolder(issueFile: string): string {
  return dirname(resolve(issueFile));
}

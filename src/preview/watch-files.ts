import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { DEFAULT_LOCALES_DIR, DEFAULT_TEMPLATES_DIR } from '../render/render-issue.js';
import { isInside as inside } from '../source/paths.js';

export interface WatchedFiles {
  /** Resolves once the watcher has looked at every path. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the paths saved since the last call, once a burst of events has
 * settled (one save is often several events: write, rename, chmod). A path that does not
 * exist yet — a project's own templates/ before the first override — is watched through
 * its folder, so creating it later counts too; nothing else in that folder is looked at.
 */
export function watchFiles(paths: readonly string[], onChange: (changed: string[]) => void, settleMs = 40): WatchedFiles {
  const wanted = [...new Set(paths.map((p) => resolve(p)))];
  const roots = [...new Set(wanted.map((p) => (existsSync(p) ? p : dirname(p))).filter((p) => existsSync(p)))];
  const relevant = (path: string) => wanted.some((w) => inside(w, path) || inside(path, w));
  const watcher: FSWatcher = watch(roots, {
    ignoreInitial: true,
    // version control and the state folder change without the mail changing
    ignored: (path) => /[\\/](?:\.git|\.newsletter)(?:[\\/]|$)/.test(path) || !relevant(resolve(path)),
  });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, path) => {
    pending.add(resolve(path));
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

/**
 * What a build of these issues reads, to watch: each issue's folder (new language files
 * appear there), the config, the project's and the bundled templates and locales.
 */
export function buildInputs(issueFiles: readonly string[], project: { dir: string; file?: string }): string[] {
  return [
    ...new Set([
      ...issueFiles.map(issueFolder),
      project.file ?? join(project.dir, 'newsletter.config.yaml'),
      join(project.dir, 'templates'),
      join(project.dir, 'locales'),
      DEFAULT_TEMPLATES_DIR,
      DEFAULT_LOCALES_DIR,
    ]),
  ];
}

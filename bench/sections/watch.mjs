// What an editor feels in `newsletter build --watch`: from saving the issue file to the
// line that says the build is done, file watcher and debounce included. Runs on a copy
// of the example project in the temp folder, so the repository is never touched.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { cliPath, repoRoot } from '../helpers/example.mjs';
import { summarize } from '../helpers/stats.mjs';

/** Resolves a summary of save-to-built times in ms over `reps` saves. */
export async function measureWatch({ ws, example, reps = 5, timeoutMs = 30_000 }) {
  const project = ws.dir('watch-project');
  cpSync(example.config, join(project, 'newsletter.config.yaml'));
  cpSync(join(repoRoot, 'issues'), join(project, 'issues'), { recursive: true });
  const issue = join(project, 'issues', basename(example.issueFile));
  const original = readFileSync(issue, 'utf8');
  const child = spawn(process.execPath, [cliPath, 'build', issue, '--watch', '--out', ws.dir('watch-out')], {
    cwd: project,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let waiter = null;
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
    if (waiter && waiter.test(stderr)) waiter.resolve();
  });
  // resolves when stderr, from `from` on, matches `pattern`
  const until = (pattern, from) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${pattern}" from build --watch within ${timeoutMs} ms: ${stderr.slice(-300)}`)), timeoutMs);
      waiter = { test: (text) => pattern.test(text.slice(from)), resolve: () => (clearTimeout(timer), (waiter = null), resolve()) };
      if (waiter.test(stderr)) waiter.resolve();
    });
  try {
    await until(/built after start/, 0);
    const ms = [];
    for (let i = 0; i < reps; i++) {
      await sleep(300); // let the watcher settle, as between two saves
      const from = stderr.length;
      const started = performance.now();
      // a save that changes the file (a comment line): the watcher rebuilds as for any edit
      writeFileSync(issue, `${original}\n# bench save ${i + 1}\n`);
      await until(/built after a change/, from);
      ms.push(performance.now() - started);
    }
    return summarize(ms);
  } finally {
    child.kill('SIGTERM');
    await Promise.race([once(child, 'exit'), sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

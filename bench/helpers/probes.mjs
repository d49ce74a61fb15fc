// In-process measurements run in a child process of their own (bench/probes/*.mjs), so
// the bench's own heap and loaded modules never colour them and a profile sees only them.
import { join } from 'node:path';
import { repoRoot } from './example.mjs';
import { runTimed, assertSucceeded } from './processes.mjs';

export const probePath = (name) => join(repoRoot, 'bench', 'probes', `${name}.mjs`);

/** Runs `bench/probes/<name>.mjs args` and resolves the JSON it prints on stdout. */
export async function runProbe(name, args, { env, timeoutMs = 300_000 } = {}) {
  const run = assertSucceeded(await runTimed(process.execPath, [probePath(name), ...args], { cwd: repoRoot, env, timeoutMs }), `probe ${name}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = join(repoRoot, 'bin', 'newsletter');

/**
 * The CLI as another user (a `uid` of runCli) can start it: the checkout itself when every
 * folder above it lets others pass, else one copy in a world-readable temp folder — a clone
 * under a 0700 folder (what `mktemp -d` makes) is closed to `nobody`. A test file that runs
 * as another user calls `removeCliForOthers()` in its afterAll.
 */
let othersCopy: string | undefined;
export function cliForOthers(): string {
  if (othersCopy) return join(othersCopy, 'bin', 'newsletter');
  let open = true;
  for (let dir = repoRoot; open; dir = dirname(dir)) {
    open = (statSync(dir).mode & 0o001) !== 0;
    if (dirname(dir) === dir) break;
  }
  if (open) return cliPath;
  othersCopy = mkdtempSync(join(tmpdir(), 'newsletter-cli-for-others-'));
  chmodSync(othersCopy, 0o755);
  for (const name of ['package.json', 'bin', 'lib', 'templates', 'locales', 'schema', 'node_modules']) {
    cpSync(join(repoRoot, name), join(othersCopy, name), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  }
  return join(othersCopy, 'bin', 'newsletter');
}

/** Removes the copy `cliForOthers` made, if it made one. */
export function removeCliForOthers(): void {
  if (othersCopy) rmSync(othersCopy, { recursive: true, force: true });
  othersCopy = undefined;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real, compiled CLI (`npm test` compiles lib/ first) in `cwd`. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number; uid?: number; gid?: number; wrap?: string[] } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    // `wrap` runs the CLI through another program first (e.g. unshare), the CLI's argv appended
    const [command, ...prefix] = options.wrap ?? [process.execPath];
    const cli = options.uid !== undefined ? cliForOthers() : cliPath;
    const child = spawn(command, [...prefix, ...(options.wrap ? [process.execPath] : []), cli, ...args], {
      cwd: options.cwd ?? repoRoot,
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
      // no test reaches the network: the example's base_url is not served, so the URL check of
      // check and send is off unless a test of it serves base_url itself and passes ''
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', NEWSLETTER_SKIP_URL_CHECK: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh temp folder, optionally seeded with a copy of repo paths (e.g. the example project). */
export function tempProject(copy: string[] = []): string {
  // inside the run's folder when Jest made one (removed when the run ends), else the system's
  const dir = mkdtempSync(join(process.env.NEWSLETTER_TEST_TMP ?? tmpdir(), 'newsletter-test-'));
  for (const path of copy) cpSync(join(repoRoot, path), join(dir, path), { recursive: true });
  return dir;
}

/** A stack trace in output means an internal error leaked to the user. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+\(.+:\d+:\d+\)/.test(text) || /\n\s+at file:\/\//.test(text);
}

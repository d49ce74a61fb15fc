import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, repoRoot, runCli, tempProject, type CliResult } from './cli.js';

export const ISSUE = 'issues/2020-12-nr34.de.yaml';
export const SECRET = 'SbAo9gUc+qeN+m2v1B1BhaK/DBoQ+KpLdk54Po0/DXY=';

/** Readers with their expected language; row 5 invalid, row 6 a duplicate of row 2. */
export const LIST_CSV = [
  'email,first_name,name,language',
  'anna@example.org,Anna,Anna Ärger,de',
  'ben@example.org,Ben,Ben Brown,en-GB',
  'carla@example.org,Carla,"Carla ""C"" Costa",pt-BR',
  'not-an-address,X,X,de',
  'ANNA@example.org,Anna,Anna again,de',
  'dan@example.org,Dan,Dan Dunn,EN',
  '',
].join('\n');

export const EXPECTED_LANG: Record<string, string> = {
  'anna@example.org': 'de',
  'ben@example.org': 'en',
  'carla@example.org': 'de',
  'dan@example.org': 'en',
};

/** A temp copy of the example project (what of it exists) with the test list as readers.csv. */
export function exampleProject(csv = LIST_CSV): string {
  const parts = ['issues', 'templates', 'locales', 'newsletter.config.yaml', 'subscribers.example.csv'].filter((p) => existsSync(join(repoRoot, p)));
  const dir = tempProject(parts);
  writeFileSync(join(dir, 'readers.csv'), csv);
  return dir;
}

/** The example project with `count` readers reader1…readerN@example.org (German), for the state and lock scenarios. */
export function numberedReadersProject(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => `reader${i + 1}@example.org,Reader ${i + 1},de`);
  return exampleProject(['email,name,language', ...rows, ''].join('\n'));
}

/** Runs `newsletter …` in the project with a clean environment: no server, no state dir unless given. */
export function newsletter(dir: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(args, {
    cwd: dir,
    env: { NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined, NEWSLETTER_SECRET: SECRET, NEWSLETTER_DKIM_KEY: undefined, ...env },
    timeoutMs: 60_000,
  });
}

/**
 * Spawns `send ISSUE --to readers.csv --smtp URL --yes --concurrency 2` in `dir`; once the
 * server has taken `after` messages, runs `meanwhile`, then presses Ctrl-C (SIGINT; `signal`
 * null lets the send run on). `env` adds to (or, undefined, removes from) the clean
 * environment of `newsletter()`; after `timeoutMs` (default 60 s) the send is killed.
 */
export function sendAndInterrupt(
  dir: string,
  url: string,
  received: () => number,
  after: number,
  meanwhile: (pid: number) => Promise<void> = async () => undefined,
  options: { env?: Record<string, string | undefined>; signal?: NodeJS.Signals | null; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { env = {}, signal = 'SIGINT', timeoutMs = 60_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'send', ISSUE, '--to', 'readers.csv', '--smtp', url, '--yes', '--concurrency', '2'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', NEWSLETTER_SECRET: SECRET, NEWSLETTER_SMTP_URL: undefined, NEWSLETTER_STATE_DIR: undefined, NEWSLETTER_SKIP_URL_CHECK: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll = setInterval(() => {
      if (received() >= after) {
        clearInterval(poll);
        meanwhile(child.pid!).then(
          () => signal && child.kill(signal),
          (error) => {
            child.kill('SIGKILL');
            reject(error);
          },
        );
      }
    }, 10);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

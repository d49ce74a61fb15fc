/**
 * `newsletter serve` as a real child process on 127.0.0.1 and a free port, for e2e tests.
 * Call `servesStoppedAfterEach()` once at the top of a file: a failed expectation must not
 * leave a server running (Jest would wait for it forever).
 *
 *   const startServe = servesStoppedAfterEach();
 *   const server = await startServe(dir, ['--state', state], { NEWSLETTER_SECRET: SECRET });
 *   await fetch(`${server.url}/healthz`);
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cliForOthers, cliPath } from './cli.js';

export interface RunningServe {
  child: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:PORT`, as the start line says. */
  url: string;
  /** What it said on stderr so far. */
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Another user to run as (we are root in CI): its `uid` (e.g. nobody, 65534); a file that does so calls `removeCliForOthers()` in its afterAll. */
export interface ServeOptions {
  uid?: number;
  gid?: number;
}

/** Spawns `newsletter serve --port 0 …args` in `cwd`; `ready` resolves once it has said where it listens. */
function launch(cwd: string, args: string[], env: Record<string, string | undefined>, as: ServeOptions = {}): { child: ChildProcessWithoutNullStreams; ready: Promise<RunningServe> } {
  const child = spawn(process.execPath, [as.uid === undefined ? cliPath : cliForOthers(), 'serve', '--port', '0', ...args], {
    cwd,
    ...(as.uid === undefined ? {} : { uid: as.uid, gid: as.gid ?? as.uid }),
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', NEWSLETTER_SECRET_PREVIOUS: '', ...env },
  });
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const ready = new Promise<RunningServe>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const url = /unsubscribe endpoint on (http:\/\/[^/\s]+)\/u\//.exec(stderr)?.[1];
      // the last line of the start-up notes: everything above it has arrived
      if (url && stderr.includes('stop with Ctrl-C')) resolve({ child, url, stderr: () => stderr, exit });
    });
    child.stdout.resume();
    exit.then((code) => reject(new Error(`serve exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, ready };
}

/** A starter of `newsletter serve` whose servers are killed after each test that left them running: call once at the top of a file. */
export function servesStoppedAfterEach(): (cwd: string, args: string[], env: Record<string, string | undefined>, as?: ServeOptions) => Promise<RunningServe> {
  const started: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return (cwd, args, env, as) => {
    const { child, ready } = launch(cwd, args, env, as);
    started.push(child);
    return ready;
  };
}

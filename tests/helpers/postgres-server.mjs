// A throwaway PostgreSQL server: `initdb` into a temp folder, `pg_ctl start` on 127.0.0.1 and
// a free port, stopped and removed by `stop()`. As root (CI, containers) the server runs as
// the unprivileged `postgres` user, as PostgreSQL refuses root. Plain JavaScript (typed by
// postgres-server.d.mts) so that both the tests (tests/helpers/postgres.ts) and the
// benchmark (bench/sections/postgres.mjs) start it with the same code.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const USER = 'newsletter_admin';

/** The directory of initdb/pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N/bin. */
function binDir() {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath.replace(/\/pg_ctl$/, '');
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: apt-get install postgresql (see .ci/run)');
  return join(base, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function asServerUser(program, args) {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
}

// tests trade durability for speed; the benchmark measures what a real server does
const FAST_SETTINGS = '-c fsync=off -c synchronous_commit=off -c full_page_writes=off';

let sequence = 0;

/**
 * Starts a fresh server: `await startPostgres()` for tests (fsync off), `startPostgres({ durable:
 * true })` for PostgreSQL's own default durability. Call `stop()` when done, also on failure.
 */
export async function startPostgres({ durable = false } = {}) {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'newsletter-pg-'));
  const data = join(root, 'data');
  const password = `pw-${process.pid}-${Date.now().toString(36)}`;
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  try {
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(root, uid, gid);
      chownSync(pwfile, uid, gid);
    }
    const port = await freePort();
    asServerUser(join(bin, 'initdb'), ['-D', data, '-U', USER, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
    const start = () =>
      asServerUser(join(bin, 'pg_ctl'), [
        '-D', data, '-l', join(root, 'log'), '-w', '-t', '60', 'start',
        '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} ${durable ? '' : FAST_SETTINGS} -c max_connections=200`,
      ]);
    start();
    return handle({ bin, root, data, port, password, start });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

function handle({ bin, root, data, port, password, start }) {
  const host = '127.0.0.1';
  const urlOf = (database) => `postgres://${USER}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
  const sql = async (database, text) => {
    const client = new pg.Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  let stopped = false;
  let paused = false;
  const halt = () => asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
  // synchronous, so that a signal handler can call it before the process exits
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    try {
      if (!paused) halt();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  return {
    adminUrl: urlOf('postgres'),
    host,
    port,
    password,
    async createDatabase(name) {
      const database = name ?? `state_${process.pid}_${++sequence}`;
      await sql('postgres', `CREATE DATABASE "${database}"`);
      return urlOf(database);
    },
    sql,
    async pause() {
      halt();
      paused = true;
    },
    async resume() {
      start();
      paused = false;
    },
    stopSync,
    stop: async () => stopSync(),
  };
}

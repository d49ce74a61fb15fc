/**
 * A throwaway PostgreSQL server per test file: `initdb` into a temp folder, `pg_ctl start` on
 * 127.0.0.1 and a free port, stopped and removed in afterAll. As root (CI, containers) the
 * server runs as the unprivileged `postgres` user, as PostgreSQL refuses root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** Superuser URL with its password, to the `postgres` database. */
  adminUrl: string;
  host: string;
  port: number;
  password: string;
  /** A new empty database; its URL (the superuser's, password included). */
  createDatabase(name?: string): Promise<string>;
  /** Runs SQL as the superuser in a database. */
  sql(database: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'newsletter_admin';

/** The directory of initdb/pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N/bin. */
function binDir(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath.replace(/\/pg_ctl$/, '');
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: apt-get install postgresql (see .ci/run)');
  return join(base, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function asServerUser(program: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
}

let sequence = 0;

/** Starts a fresh server; call `stop()` in afterAll. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'newsletter-pg-'));
  const data = join(root, 'data');
  const password = `pw-${process.pid}-${Date.now().toString(36)}`;
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  if (process.getuid?.() === 0) {
    const [uid, gid] = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim().split(' ').map(Number);
    const group = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid ?? group);
    chownSync(pwfile, uid, gid ?? group);
  }
  const port = await freePort();
  asServerUser(join(bin, 'initdb'), ['-D', data, '-U', USER, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  asServerUser(join(bin, 'pg_ctl'), [
    '-D', data, '-l', join(root, 'log'), '-w', '-t', '60', 'start',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
  ]);
  const host = '127.0.0.1';
  const adminUrl = `postgres://${USER}:${encodeURIComponent(password)}@${host}:${port}/postgres`;
  const urlOf = (database: string) => `postgres://${USER}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
  const sql = async (database: string, text: string) => {
    const client = new pg.Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl,
    host,
    port,
    password,
    async createDatabase(name) {
      const database = name ?? `state_${process.pid}_${++sequence}`;
      await sql('postgres', `CREATE DATABASE "${database}"`);
      return urlOf(database);
    },
    sql,
    async stop() {
      try {
        asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/**
 * One server for the calling test file: started in beforeAll, stopped in afterAll. The
 * returned handle reads the running server, so tests use it like the server itself.
 */
export function usePostgres(): Omit<TestPostgres, 'stop'> {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): TestPostgres => {
    if (!server) throw new Error('the test PostgreSQL server is not running (its beforeAll failed or has not run yet)');
    return server;
  };
  return {
    get adminUrl() { return started().adminUrl; },
    get host() { return started().host; },
    get port() { return started().port; },
    get password() { return started().password; },
    createDatabase: (name) => started().createDatabase(name),
    sql: (database, text) => started().sql(database, text),
  };
}

/**
 * A real Dovecot IMAP server for tests: configured in a temp folder, listening on
 * 127.0.0.1 and a free port, plain IMAP with one user, Maildir storage. Started as an
 * unprivileged user (`nobody`) when the tests run as root, as the current user otherwise.
 *
 *   const imap = await startDovecot();
 *   await imap.append(rawMessage);              // into INBOX
 *   … newsletter bounces --imap imap.url …
 *   await imap.list('INBOX');                   // → [{ uid, flags, raw }]
 *   await imap.stop();
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT = '/usr/sbin/dovecot';

export interface ImapMessage {
  uid: number;
  flags: string[];
  raw: Buffer;
}

export interface DovecotServer {
  readonly port: number;
  readonly user: string;
  readonly pass: string;
  /** `imap://user:pass@127.0.0.1:PORT/INBOX`. */
  readonly url: string;
  /** The user's Maildir (INBOX is its root). */
  readonly maildir: string;
  append(raw: Buffer | string, folder?: string, flags?: string[]): Promise<void>;
  /** The messages of a folder with their flags, read without setting \Seen; [] when the folder does not exist. */
  list(folder?: string): Promise<ImapMessage[]>;
  stop(): Promise<void>;
}

/** True when Dovecot is installed here (CI installs `dovecot-imapd` when missing). */
export function hasDovecot(): boolean {
  return existsSync(DOVECOT);
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `id` for a user's uid, gid or group name: a synchronous call at start-up only. */
function id(args: string[]): string {
  return execFileSync('id', args, { encoding: 'utf8' }).trim();
}

/** Starts Dovecot and waits for its greeting. */
export async function startDovecot(): Promise<DovecotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-dovecot-'));
  const asRoot = process.getuid?.() === 0;
  const runAs = asRoot ? 'nobody' : userInfo().username;
  const group = asRoot ? id(['-gn', 'nobody']) : id(['-gn']);
  const user = 'newsletter';
  const pass = 'imap-test-password';
  const port = await freePort();
  const maildir = join(dir, 'mail', user);
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${pass}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `default_internal_user = ${runAs}`,
      `default_internal_group = ${group}`,
      `default_login_user = ${runAs}`,
      `mail_location = maildir:${dir}/mail/%u`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${dir}/users`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${runAs} gid=${group} home=${dir}/home/%u`,
      '}',
      'service imap-login {',
      '  chroot =',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      'service anvil {',
      '  chroot =',
      '}',
      'service stats {',
      '  unix_listener stats-reader {',
      '    mode = 0600',
      '  }',
      '  unix_listener stats-writer {',
      '    mode = 0600',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  if (asRoot) chownTree(dir, Number(id(['-u', 'nobody'])), Number(id(['-g', 'nobody'])));
  const command = asRoot
    ? { file: 'setpriv', args: [`--reuid=${runAs}`, `--regid=${group}`, '--clear-groups', DOVECOT, '-F', '-c', join(dir, 'dovecot.conf')] }
    : { file: DOVECOT, args: ['-F', '-c', join(dir, 'dovecot.conf')] };
  const child = spawn(command.file, command.args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  try {
    await waitForGreeting(port, child, () => `${stderr}${readLog(dir)}`);
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const url = `imap://${user}:${pass}@127.0.0.1:${port}/INBOX`;
  const withClient = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    port,
    user,
    pass,
    url,
    maildir,
    append: (raw, folder = 'INBOX', flags = []) =>
      withClient(async (client) => {
        await client.append(folder, raw, flags);
      }),
    list: (folder = 'INBOX') =>
      withClient(async (client) => {
        const folders = await client.list();
        if (!folders.some((f) => f.path === folder)) return [];
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          const out: ImapMessage[] = [];
          for await (const message of client.fetch('1:*', { uid: true, flags: true, source: true })) {
            out.push({ uid: message.uid, flags: [...(message.flags ?? [])].filter((f) => f !== '\\Recent').sort(), raw: message.source! });
          }
          return out;
        } catch (error) {
          // an empty folder answers "1:*" with an error on some servers
          if (/empty|no messages/i.test(String(error))) return [];
          throw error;
        } finally {
          lock.release();
        }
      }),
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const sub of ['run', 'state', 'mail', 'home', 'users', 'dovecot.conf']) chownSync(join(dir, sub), uid, gid);
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'dovecot.log'), 'utf8');
  } catch {
    return '';
  }
}

async function waitForGreeting(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot ended at start-up (exit ${child.exitCode}):\n${output()}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setEncoding('utf8');
      socket.once('data', (data: string) => {
        socket.destroy();
        resolve(data.startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not greet on 127.0.0.1:${port} within 15 s:\n${output()}`);
}

/** Stops a server process with SIGTERM, and SIGKILL when it has not ended after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

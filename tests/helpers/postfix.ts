/**
 * A real Postfix for tests: a throwaway instance configured in a temp folder, listening on
 * 127.0.0.1 and a free port, relaying every message to `relayPort` (a local SMTP sink that
 * may refuse recipients) and sending what comes back for `returnDomain` — the genuine
 * delivery status notifications Postfix writes — to `bouncePort` (a second sink).
 * Queue times are seconds, not days: a deferred message is reported as delayed after about
 * a second and returned as failed after `queueLifetimeS`.
 *
 * Postfix's master runs as root and starts its services as the `postfix` user (as on any
 * mail server); it logs to the temp folder's `maillog`. Only as root, with Debian's postfix.
 *
 *   const postfix = await startPostfix({ relayPort: sink.port, bouncePort: bounces.port, returnDomain: 'news.example.org' });
 *   … send to smtp://127.0.0.1:${postfix.port} …
 *   await postfix.stop();
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopChild } from './dovecot.js';

const MASTER = '/usr/lib/postfix/sbin/master';
const POST_INSTALL = '/usr/lib/postfix/sbin/post-install';

export interface PostfixServer {
  readonly port: number;
  /** `smtp://127.0.0.1:PORT`. */
  readonly url: string;
  /** What Postfix logged so far (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

export interface PostfixOptions {
  relayPort: number;
  bouncePort: number;
  /** Mail for this domain (the return path's) goes to `bouncePort`. */
  returnDomain: string;
  /** How long a deferred message stays queued before it is returned as failed; default 4 s. */
  queueLifetimeS?: number;
}

/** True when a throwaway Postfix can run here: Debian's postfix installed, and we are root. */
export function canRunPostfix(): boolean {
  return existsSync(MASTER) && process.getuid?.() === 0;
}

export async function startPostfix(options: PostfixOptions): Promise<PostfixServer> {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-postfix-'));
  // the postfix user walks into the queue below it
  chmodSync(dir, 0o755);
  const etc = join(dir, 'etc');
  mkdirSync(etc);
  mkdirSync(join(dir, 'data'));
  execFileSync('chown', ['postfix', join(dir, 'data')]);
  const port = await freePort();
  const lifetime = `${options.queueLifetimeS ?? 4}s`;
  writeFileSync(
    join(etc, 'main.cf'),
    [
      'compatibility_level = 3.6',
      `queue_directory = ${join(dir, 'queue')}`,
      `data_directory = ${join(dir, 'data')}`,
      'command_directory = /usr/sbin',
      'daemon_directory = /usr/lib/postfix/sbin',
      'meta_directory = /etc/postfix',
      'shlib_directory = /usr/lib/postfix',
      'mail_owner = postfix',
      'setgid_group = postdrop',
      'myhostname = relay.test.invalid',
      'mydomain = test.invalid',
      'mydestination =',
      'inet_interfaces = 127.0.0.1',
      'inet_protocols = ipv4',
      `relayhost = [127.0.0.1]:${options.relayPort}`,
      `transport_maps = inline:{ ${options.returnDomain}=smtp:[127.0.0.1]:${options.bouncePort} }`,
      'mynetworks = 127.0.0.0/8',
      'smtpd_relay_restrictions = permit_mynetworks, reject',
      'smtp_tls_security_level = none',
      'smtpd_tls_security_level = none',
      'smtp_dns_support_level = disabled',
      'alias_maps =',
      'alias_database =',
      'local_recipient_maps =',
      'queue_run_delay = 1s',
      'minimal_backoff_time = 1s',
      'maximal_backoff_time = 1s',
      'delay_warning_time = 1s',
      `maximal_queue_lifetime = ${lifetime}`,
      `bounce_queue_lifetime = ${lifetime}`,
      // the log goes where the test can read it: there is no syslog here
      'maillog_file = /dev/stdout',
      '',
    ].join('\n'),
  );
  // Debian's services, each without chroot; smtpd on our port only
  const master = readFileSync('/etc/postfix/master.cf', 'utf8')
    .split('\n')
    .filter((line) => !/^(smtp|submission|submissions|smtps)\s+inet\s/.test(line))
    .map((line) => {
      const fields = line.split(/\s+/);
      if (line.startsWith('#') || line.startsWith(' ') || fields.length < 8) return line;
      fields[4] = 'n';
      return fields.join(' ');
    });
  master.unshift(`127.0.0.1:${port} inet n - n - - smtpd`);
  writeFileSync(join(etc, 'master.cf'), master.join('\n'));
  execFileSync(POST_INSTALL, [`config_directory=${etc}`, 'meta_directory=/etc/postfix', 'create-missing'], { stdio: 'ignore' });

  const logFile = join(dir, 'maillog');
  const out = openSync(logFile, 'a');
  const child = spawn(MASTER, ['-c', etc, '-d'], { cwd: dir, stdio: ['ignore', out, out] });
  closeSync(out);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  try {
    await waitForBanner(port, child, log);
  } catch (error) {
    await stopChild(child, 10_000); // the master stops its services and exits on SIGTERM
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    log,
    async stop() {
      await stopChild(child, 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postfix ended at start-up (exit ${child.exitCode}):\n${log()}`);
    const ready = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setEncoding('utf8');
      socket.once('data', (data: string) => {
        socket.end('QUIT\r\n');
        resolve(data.startsWith('220'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`postfix did not answer on 127.0.0.1:${port} within 15 s:\n${log()}`);
}


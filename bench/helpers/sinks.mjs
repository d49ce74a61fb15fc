// The SMTP sink every sender in the send comparison talks to: Postfix's smtp-sink when
// installed (a C server that is never the bottleneck), else an in-process Node sink.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { freePort, waitForPort } from './ports.mjs';
import { onInterrupt } from './interrupt.mjs';

export const SMTP_SINK = '/usr/sbin/smtp-sink';
export const SMTP_SOURCE = '/usr/sbin/smtp-source';
export const POSTFIX_HINT =
  'Postfix\'s smtp-sink/smtp-source are missing: install them with `sudo apt-get install postfix` ' +
  '(Debian/Ubuntu; choose "No configuration"), then run `npm run bench` again.';

/** Which sink this machine can run: 'smtp-sink' when Postfix's test tools are installed, else 'node'. */
export function availableSink() {
  return existsSync(SMTP_SINK) ? 'smtp-sink' : 'node';
}

/** Starts a sink on 127.0.0.1: `{ kind, port, stop() }`. */
export async function startSink(kind = availableSink()) {
  return kind === 'smtp-sink' ? startPostfixSink() : startNodeSink();
}

async function startPostfixSink() {
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    // smtp-sink refuses to run as root unless told which user to drop to
    const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
    const child = spawn(SMTP_SINK, ['-4', ...asRoot, '-m', '64', `127.0.0.1:${port}`, '128'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const forget = onInterrupt(() => child.kill('SIGKILL'));
    try {
      await waitForPort(port);
      return {
        kind: 'smtp-sink',
        port,
        async stop() {
          forget();
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await once(child, 'exit');
        },
      };
    } catch (error) {
      forget();
      child.kill('SIGKILL');
      if (attempt === 2) throw new Error(`smtp-sink did not start: ${stderr.trim() || error.message}`);
    }
  }
}

async function startNodeSink() {
  const { SMTPServer } = await import('smtp-server');
  let messages = 0;
  const server = new SMTPServer({
    // plain SMTP like smtp-sink: no STARTTLS to negotiate, no AUTH to ask for
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    maxClients: 64,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        messages++;
        callback();
      });
      stream.resume();
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    kind: 'node',
    port: server.server.address().port,
    received: () => messages,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

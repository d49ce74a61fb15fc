import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { DEV_SECRET_FILE, loadKeyring } from '../../unsubscribe/keyring.js';
import { startUnsubscribeServer } from '../../unsubscribe/server.js';
import type { CommandInput } from '../command.js';
import { note, warn } from '../output.js';
import { stateLine, stateLocationOf } from '../state.js';
import { configIfAny } from './subscribers-check.js';
import { stateDirOf } from '../context.js';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';

/** `newsletter serve [--port P] [--host H]`: the unsubscribe endpoint, until SIGTERM or Ctrl-C. */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const config = configIfAny(globals);
  const stateDir = stateDirOf(globals, config);
  const location = stateLocationOf(config, globals);
  const port = (options.port as number | undefined) ?? DEFAULT_PORT;
  const host = (options.host as string | undefined) ?? DEFAULT_HOST;

  // The development key only when one was made for previews or the outbox: never a fresh one here.
  const { keyring, usingDevKey, warnings } = loadKeyring({ stateDir, allowDevKey: existsSync(join(stateDir, DEV_SECRET_FILE)) });
  if (usingDevKey) {
    warn('NEWSLETTER_SECRET is not set: using the development key from the state folder, so only links from previews and the outbox work');
  }
  for (const warning of warnings) warn(warning);

  // `newsletter archive` writes here by default; the sent mails link their images under /archive/.
  const archiveDir = config ? join(config.dir, 'dist', 'archive') : undefined;
  let server;
  try {
    server = await startUnsubscribeServer({
      state: location,
      keyring,
      port,
      host,
      ...(config ? { listIds: [config.list_id] } : {}),
      listName: config?.name,
      defaultLanguage: config?.default_language,
      archiveDir,
      log: (line) => note(`${new Date().toISOString()} ${line}`),
    });
  } catch (error) {
    throw listenError(error as NodeJS.ErrnoException, host, port);
  }

  if (!config) warn('no newsletter.config.yaml here or above: links of any list sealed with this secret are accepted (with a config, only its list_id)');
  note(`unsubscribe endpoint on ${server.url}/u/… (health check: ${server.url}/healthz); ${stateLine(location)}`);
  if (archiveDir) {
    note(`web archive at ${server.url}/archive/ from ${archiveDir}${existsSync(archiveDir) ? '' : ' (not built yet: run "newsletter archive")'}`);
  }
  note('stop with Ctrl-C (or SIGTERM): requests in flight finish first');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  await server.close();
  note(`stopped (${signal})`);
  return 0;
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new UserError(`port ${port} on ${host} is already in use`, { hint: 'stop the program that uses it, or choose another port with --port' });
  }
  if (error.code === 'EACCES') {
    return new UserError(`not allowed to listen on port ${port} on ${host}`, { hint: 'ports below 1024 need privileges: use a port such as 8080 behind the reverse proxy' });
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new UserError(`cannot listen on ${host}: this machine has no such address`, { hint: 'use --host 127.0.0.1 (behind a reverse proxy) or an address of this machine' });
  }
  return error;
}

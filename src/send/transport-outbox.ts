import { createHash } from 'node:crypto';
import { chmod, chown, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GROUP_FILE_MODE, makeGroupDir } from '../state/file-modes.js';
import { TransportError } from './transport-error.js';
import type { OutgoingMessage, Transport } from './types.js';

/** The `.eml` file name of a recipient: readable, safe on every file system, unique per key. */
export function outboxFileName(key: string): string {
  const readable = key.replace(/[^a-z0-9@._+-]/gi, '_').slice(0, 100);
  const tag = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `${readable}-${tag}.eml`;
}

/**
 * Writes each message as an `.eml` file into `dir` (created when missing): first to a
 * temporary name, then renamed, so a killed run never leaves half a message behind.
 * Its journal destination is `outbox:<absolute dir>`, never a server's. Files are 0660 with
 * the folder's group (0770): they hold addresses, for the editors' group and nobody else.
 */
export function createOutboxTransport(dir: string): Transport {
  const folder = resolve(dir);
  let ready: Promise<number> | undefined;
  // the folder's group, for every file written into it
  const prepare = async () => {
    makeGroupDir(folder);
    return (await stat(folder)).gid;
  };
  return {
    destination: `outbox:${folder}`,
    async verify() {
      ready ??= prepare();
      await ready;
    },
    async send(message: OutgoingMessage) {
      ready ??= prepare();
      const file = join(folder, outboxFileName(message.key));
      const temp = `${file}.${process.pid}.tmp`;
      try {
        const group = await ready;
        await writeFile(temp, message.raw, { mode: GROUP_FILE_MODE });
        message.release?.();
        // the umask may have taken the group's bits away
        await chmod(temp, GROUP_FILE_MODE);
        if (group !== process.getgid?.()) await chown(temp, -1, group).catch(() => undefined);
        await rename(temp, file);
      } catch (error) {
        const err = error as NodeJS.ErrnoException;
        throw new TransportError({ handedOver: false, code: err.code ?? 'EOUTBOX', command: 'WRITE', message: `could not write ${file}: ${err.message}` });
      }
      return { response: `250 written to ${file}` };
    },
    async close() {},
  };
}

import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
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
 * Its journal destination is `outbox:<absolute dir>`, never a server's.
 */
export function createOutboxTransport(dir: string): Transport {
  const folder = resolve(dir);
  let ready: Promise<unknown> | undefined;
  return {
    destination: `outbox:${folder}`,
    async verify() {
      await mkdir(folder, { recursive: true });
    },
    async send(message: OutgoingMessage) {
      ready ??= mkdir(folder, { recursive: true });
      const file = join(folder, outboxFileName(message.key));
      const temp = `${file}.${process.pid}.tmp`;
      try {
        await ready;
        await writeFile(temp, message.raw);
        message.release?.();
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

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailbox, MailboxMessage } from './mailbox.js';

/** `.eml` files, or every `.eml` in the folders named: read-only. */
export function openEmlFiles(paths: string[]): Mailbox {
  let files: string[] | undefined;
  const list = async () => {
    if (files) return files;
    const found: string[] = [];
    for (const path of paths) {
      if ((await stat(path)).isDirectory()) {
        for (const name of (await readdir(path)).sort()) if (name.toLowerCase().endsWith('.eml')) found.push(join(path, name));
      } else {
        found.push(path);
      }
    }
    return (files = found);
  };
  return {
    description: paths.length === 1 ? paths[0] : `${paths.length} files`,
    movesProcessed: false,
    count: async () => (await list()).length,
    async *messages(): AsyncGenerator<MailboxMessage> {
      for (const file of await list()) yield { id: file, raw: await readFile(file) };
    },
    async markProcessed() {},
    async close() {},
  };
}

/** One message on standard input (a mail server piping the bounce address to a command). */
export function openStdinMessage(input: NodeJS.ReadableStream = process.stdin): Mailbox {
  let raw: Buffer | undefined;
  const read = async () => {
    if (raw) return raw;
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return (raw = Buffer.concat(chunks));
  };
  return {
    description: 'standard input',
    movesProcessed: false,
    count: async () => ((await read()).length > 0 ? 1 : 0),
    async *messages(): AsyncGenerator<MailboxMessage> {
      const bytes = await read();
      if (bytes.length > 0) yield { id: 'stdin', raw: bytes };
    },
    async markProcessed() {},
    async close() {},
  };
}

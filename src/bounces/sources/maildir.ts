import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailbox, MailboxMessage } from './mailbox.js';

/**
 * A Maildir (`new/`, `cur/`): processed messages move to the Maildir++ folder
 * `.<folder>/cur/` with the Seen flag; the rest stay as they are, in `new/` or `cur/`.
 */
export function openMaildir(root: string, processedFolder: string): Mailbox {
  let listed: string[] | undefined;
  const list = async (): Promise<string[]> => {
    if (listed) return listed;
    const names: { id: string; time: string }[] = [];
    let missing: unknown;
    for (const sub of ['cur', 'new']) {
      let entries: string[];
      try {
        entries = await readdir(join(root, sub));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        // one of the two may be missing in a fresh Maildir; both missing is a wrong path
        if (missing) throw missing;
        missing = error;
        continue;
      }
      for (const name of entries) if (!name.startsWith('.')) names.push({ id: `${sub}/${name}`, time: name });
    }
    // Maildir names start with the delivery time: oldest first
    return (listed = names.sort((a, b) => a.time.localeCompare(b.time, 'en', { numeric: true })).map((n) => n.id));
  };
  return {
    description: root,
    movesProcessed: true,
    count: async () => (await list()).length,
    async *messages(): AsyncGenerator<MailboxMessage> {
      for (const id of await list()) yield { id, raw: await readFile(join(root, id)) };
    },
    async markProcessed(ids) {
      const target = join(root, `.${processedFolder}`);
      for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(target, sub), { recursive: true });
      for (const id of ids) {
        const name = id.slice(id.indexOf('/') + 1);
        await rename(join(root, id), join(target, 'cur', withSeen(name)));
      }
    },
    async close() {},
  };
}

/** `1606813200.M1P2.host` → `…:2,S`; `…:2,RT` → `…:2,RST` (flags stay sorted, as Maildir wants). */
function withSeen(name: string): string {
  const at = name.indexOf(':2,');
  if (at < 0) return `${name}:2,S`;
  const flags = new Set(name.slice(at + 3));
  flags.add('S');
  return name.slice(0, at + 3) + [...flags].sort().join('');
}

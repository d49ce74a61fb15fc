import { join, relative } from 'node:path';
import { buildArchive } from '../../archive/build-archive.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { note, say } from '../output.js';

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** `newsletter archive [--out DIR]`: the public web archive of every issue in issues/. */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const config = loadConfigOrFail(globals);
  const outDir = typeof options.out === 'string' ? options.out : join(config.dir, 'dist', 'archive');
  const result = await buildArchive(config, { outDir });
  for (const output of result.outputs) note(`  ${shown(output.html)}`);
  say(`archived ${result.issues} ${result.issues === 1 ? 'issue' : 'issues'} in ${shown(result.outDir)}: ${shown(result.index)}, ${shown(result.feed)}`);
  say(`publish this folder at ${config.base_url}/archive/ — the sent mails link their images there`);
  return 0;
}

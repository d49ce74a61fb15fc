import { join } from 'node:path';
import { buildArchive } from '../../archive/build-archive.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { note, say } from '../output.js';
import { displayPath } from '../../source/paths.js';

/** `newsletter archive [--out DIR]`: the public web archive of every issue in issues/. */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const config = loadConfigOrFail(globals);
  const outDir = typeof options.out === 'string' ? options.out : join(config.dir, 'dist', 'archive');
  const result = await buildArchive(config, { outDir });
  for (const output of result.outputs) note(`  ${displayPath(output.html)}`);
  say(`archived ${result.issues} ${result.issues === 1 ? 'issue' : 'issues'} in ${displayPath(result.outDir)}: ${displayPath(result.index)}, ${displayPath(result.feed)}`);
  say(`publish this folder at ${config.base_url}/archive/ — the sent mails link their images there`);
  return 0;
}

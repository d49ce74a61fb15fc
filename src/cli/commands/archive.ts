import { join } from 'node:path';
import { buildArchive } from '../../archive/build-archive.js';
import { findIssueSets } from '../../archive/find-issues.js';
import type { Config } from '../../config/types.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { note, plural, say } from '../output.js';
import { openCliState, stateLocationOf } from '../state.js';
import { displayPath } from '../../source/paths.js';

/** Issue ids the journal knows as sent to readers (an outbox is a rehearsal), and those only written to an outbox. */
async function sentIssues(config: Config, ids: string[], stateOption: string | undefined): Promise<{ sent: Set<string>; outboxOnly: Set<string> }> {
  const sent = new Set<string>();
  const outboxOnly = new Set<string>();
  const state = await openCliState(stateLocationOf(config, { state: stateOption }), { existingOnly: true, readOnly: true });
  if (!state) return { sent, outboxOnly };
  try {
    for (const id of ids) {
      const delivered = (await state.journal.status(id)).filter((summary) => summary.sent > 0);
      if (delivered.some((summary) => !summary.destination.startsWith('outbox:'))) sent.add(id);
      else if (delivered.length > 0) outboxOnly.add(id);
    }
    return { sent, outboxOnly };
  } finally {
    await state.close();
  }
}

/**
 * `newsletter archive [--out DIR]`: the public web archive of what was sent (the journal
 * knows) and what is marked `public: true`; drafts are skipped with a note.
 */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const config = loadConfigOrFail(globals);
  const outDir = typeof options.out === 'string' ? options.out : join(config.dir, 'dist', 'archive');
  const ids = (await findIssueSets(join(config.dir, 'issues'))).map((set) => set.id);
  const { sent, outboxOnly } = await sentIssues(config, ids, globals.state);
  const result = await buildArchive(config, { outDir, sentIds: sent });
  for (const skip of result.skipped) {
    if (skip.reason === 'future') note(`note: skipped ${skip.id}: marked public, but dated ${skip.date}; run archive again on that day`);
    else if (outboxOnly.has(skip.id)) note(`note: skipped ${skip.id}: written to an outbox only, not sent to readers; mark it "public: true" to publish it now`);
    else note(`note: skipped ${skip.id}: a draft (not sent, not marked "public: true")`);
  }
  for (const output of result.outputs) note(`  ${displayPath(output.html)}`);
  const written = [...result.indexes, ...result.feeds].map((file) => displayPath(file).replace(`${displayPath(result.outDir)}/`, ''));
  say(`archived ${result.issues} ${plural(result.issues, 'issue')} in ${displayPath(result.outDir)}: ${written.join(', ')}`);
  if (result.issues === 0) say('nothing published yet: an issue is published once it was sent, or when its file says "public: true"');
  say(`publish this folder at ${config.base_url}/archive/ — the sent mails link their images there`);
  return 0;
}

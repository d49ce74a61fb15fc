import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { countSkipped } from '../../send/plan.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { note, printJson, say } from '../output.js';
import { openCliState, stateLocationOf } from '../state.js';
import { describeSummary, summaryJson } from '../send-output.js';
import { clockFromEnvironment } from '../test-clock.js';

/** `issues/2020-12-nr34.de.yaml` → `2020-12-nr34`: the id alone, so status works while the file is being edited. */
export function issueIdOf(file: string): string {
  const id = basename(file).split('.')[0];
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    throw new UserError(`"${file}" is not named like an issue file`, { hint: 'issue files are named issues/<id>.yaml or issues/<id>.<lang>.yaml, e.g. issues/2020-12-nr34.de.yaml' });
  }
  return id;
}

/**
 * `newsletter status <issue-file> [--json]`: what the journal knows per destination.
 * Reads only (WAL): safe while a send of the same issue runs.
 */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const file = args[0] as string;
  const id = issueIdOf(file);
  const config = loadConfigOrFail(globals);
  const empty = { issue: id, recipients: 0, sent: 0, failed: 0, unknown: 0, pending: 0, skipped: countSkipped([]) };
  const state = await openCliState(stateLocationOf(config, globals), { existingOnly: true, readOnly: true });
  if (!state) return nothingYet(id, Boolean(options.json), empty, file);
  try {
    const summaries = await state.journal.status(id);
    if (summaries.length === 0) return nothingYet(id, Boolean(options.json), empty, file);
    // the server's journal first: it is the one that counts; then the most recent run
    const ordered = [...summaries].sort((a, b) => rank(a.destination) - rank(b.destination) || (b.lastRun?.id ?? 0) - (a.lastRun?.id ?? 0));
    if (options.json) {
      printJson({ ...summaryJson(ordered[0]), destinations: ordered.map(summaryJson) });
    } else {
      const { clock, notice } = clockFromEnvironment();
      if (notice) note(notice);
      const shown = { ...(config.send?.window ? { timeZone: config.send.window.timeZone } : {}), now: clock.now() };
      say(ordered.map((summary) => describeSummary(summary, shown).join('\n')).join('\n\n'));
    }
    return 0;
  } finally {
    await state.close();
  }
}

function rank(destination: string): number {
  return destination.startsWith('smtp') ? 0 : 1;
}

/** No file and no journal rows for its id: most likely a typo in the file name (status, report). */
export function refuseUnknownIssueFile(file: string, id: string): void {
  if (!existsSync(file)) {
    throw new UserError(`${file} does not exist, and the journal knows no issue "${id}"`, { hint: 'check the file name: issues/<id>.<lang>.yaml' });
  }
}

function nothingYet(id: string, json: boolean, empty: Record<string, unknown>, file: string): number {
  refuseUnknownIssueFile(file, id);
  if (json) printJson({ ...empty, destinations: [] });
  else say(`${id} has not been sent anywhere yet (the journal knows nothing of it).`);
  return 0;
}

import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { countSkipped } from '../../send/plan.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { note, plural, printJson, say } from '../output.js';
import { openCliState, stateJson, stateLocationOf, stateLine } from '../state.js';
import { printReaders, printReadersJson, type ListedOutcome } from '../status-readers.js';
import type { StateLocation } from '../../state/state-location.js';
import type { LateOutcome } from '../../state/types.js';
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
 * `newsletter status <issue-file> [--unknown] [--failed] [--json]`: what the journal knows per
 * destination, which state it reads, and what came back later; `--unknown`/`--failed` list
 * those readers. Reads only (WAL): safe while a send of the same issue runs.
 */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const file = args[0] as string;
  const id = issueIdOf(file);
  const config = loadConfigOrFail(globals);
  const json = Boolean(options.json);
  const outcomes: ListedOutcome[] = [...(options.unknown ? ['unknown' as const] : []), ...(options.failed ? ['failed' as const] : [])];
  const location = stateLocationOf(config, globals);
  const where = { state: stateJson(location) };
  const state = await openCliState(location, { existingOnly: true, readOnly: true });
  if (!state) return nothingYet(id, file, json, outcomes, location);
  try {
    const summaries = await state.journal.status(id);
    if (summaries.length === 0) return nothingYet(id, file, json, outcomes, location);
    // the server's journal first: it is the one that counts; then the most recent run
    const ordered = [...summaries].sort((a, b) => rank(a.destination) - rank(b.destination) || (b.lastRun?.id ?? 0) - (a.lastRun?.id ?? 0));
    const late = new Map((await state.journal.lateOutcomes(id)).map((one) => [one.destination, one.counts]));
    const lateOf = (destination: string) => late.get(destination) ?? { bounced: 0, soft_bounced: 0, complained: 0, delayed: 0 };
    const document = () => ({ ...summaryJson(ordered[0]), late: lateOf(ordered[0].destination), ...where, destinations: ordered.map((s) => ({ ...summaryJson(s), late: lateOf(s.destination) })) });
    if (outcomes.length > 0) {
      if (json) {
        await printReadersJson(state, document(), ordered, outcomes);
        return 0;
      }
      const listed = await printReaders(state, ordered, outcomes, `newsletter send ${file} --to <list>`);
      // the reader of the pipe has all it wanted (`| head`): nothing more to say
      if (listed === 'reader-gone') return 0;
      if (listed === 0) say(`No reader of ${id} ${outcomes.map((o) => (o === 'unknown' ? 'has an unknown outcome' : 'failed')).join(' or ')} (${ordered.map((s) => s.destination).join(', ')}).`);
      say(stateLine(location));
      return 0;
    }
    if (json) {
      printJson(document());
    } else {
      const { clock, notice } = clockFromEnvironment();
      if (notice) note(notice);
      const shown = { ...(config.send?.window ? { timeZone: config.send.window.timeZone } : {}), now: clock.now() };
      const blocks = ordered.map((summary) => [...describeSummary(summary, shown), ...lateLines(lateOf(summary.destination), file)].join('\n'));
      say([...blocks, stateLine(location)].join('\n\n'));
    }
    return 0;
  } finally {
    await state.close();
  }
}

/** `  later     2 hard bounces, 1 complaint (newsletter report … has the rates)`: what bounce processing recorded after the hand-over. */
export function lateLines(counts: Record<LateOutcome, number>, file: string): string[] {
  const parts = [
    counts.bounced > 0 ? `${n(counts.bounced)} hard ${plural(counts.bounced, 'bounce')}` : '',
    counts.soft_bounced > 0 ? `${n(counts.soft_bounced)} soft ${plural(counts.soft_bounced, 'bounce')}` : '',
    counts.complained > 0 ? `${n(counts.complained)} ${plural(counts.complained, 'complaint')}` : '',
    counts.delayed > 0 ? `${n(counts.delayed)} delayed` : '',
  ].filter(Boolean);
  return parts.length === 0 ? [] : [`  later     ${parts.join(', ')} (came back after the hand-over; newsletter report ${file} has the rates)`];
}

const n = (value: number) => value.toLocaleString('en-US');

function rank(destination: string): number {
  return destination.startsWith('smtp') ? 0 : 1;
}

/** No file and no journal rows for its id: most likely a typo in the file name (status, report). */
export function refuseUnknownIssueFile(file: string, id: string): void {
  if (!existsSync(file)) {
    throw new UserError(`${file} does not exist, and the journal knows no issue "${id}"`, { hint: 'check the file name: issues/<id>.<lang>.yaml' });
  }
}

function nothingYet(id: string, file: string, json: boolean, outcomes: readonly ListedOutcome[], location: StateLocation): number {
  refuseUnknownIssueFile(file, id);
  const empty = { issue: id, recipients: 0, sent: 0, failed: 0, unknown: 0, pending: 0, skipped: countSkipped([]), state: stateJson(location), destinations: [] };
  if (json) printJson(outcomes.length > 0 ? { ...empty, readers: [] } : empty);
  else say(`${id} has not been sent anywhere yet (the journal knows nothing of it).\n${stateLine(location)}`);
  return 0;
}

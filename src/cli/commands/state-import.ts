import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { readSuppressionCsv, type SuppressionCsv } from '../../state/suppression-csv.js';
import { suppressionKind, type NewSuppression, type SuppressionEntry } from '../../state/types.js';
import type { CommandInput } from '../command.js';
import { note, plural, printJson, say, style } from '../output.js';
import { openCliState, stateLine, stateLocationOf } from '../state.js';
import { configIfAny } from './subscribers-check.js';

/** Entries named one by one before "… and N more". */
const SHOWN = 10;

const scope = (listId: string | undefined) => (listId ? `list ${listId}` : 'every list');

function readOrFail(file: string): SuppressionCsv {
  try {
    return readSuppressionCsv(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file} not found`, { hint: 'check the file name and the folder it is in' });
    if (code === 'EISDIR') throw new UserError(`${file} is a folder, not a CSV file`);
    if (code === 'EACCES') throw new UserError(`${file} cannot be read (EACCES)`, { hint: 'check that this user may read it' });
    throw error;
  }
}

/**
 * `newsletter state import FILE [--dry-run] [--json]`: merges a suppression CSV (as `state
 * export` writes it) into this project's state. Every row is checked first: one bad row and
 * nothing is written. Entries the list holds already stay as they are, so an import never
 * weakens a suppression; importing the same file twice adds nothing the second time.
 */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const file = args[0] as string;
  const location = stateLocationOf(configIfAny(globals), globals);
  const csv = readOrFail(resolve(file));
  if (csv.problems.length > 0) {
    for (const problem of csv.problems) note(style.red(`${file}:${problem.line}: ${problem.message}`));
    throw new UserError(`${file}: ${csv.problems.length} bad ${plural(csv.problems.length, 'row')}; nothing was imported`, {
      hint: 'fix the rows named above and run the command again: a file is imported whole or not at all',
    });
  }
  const dryRun = Boolean(options.dryRun);
  const state = await openCliState(location);
  try {
    const { added, covered } = await state.suppression.merge(csv.entries, { dryRun });
    // entries the file has otherwise than the list: the list's stays (never weakened, never overwritten)
    const otherwise = covered.filter(({ entry, kept }) => suppressionKind(entry.reason) !== suppressionKind(kept.reason));
    if (options.json) {
      printJson({
        file,
        state: state.location,
        dryRun,
        rows: csv.entries.length,
        added: added.length,
        already: covered.length,
        kept_otherwise: otherwise.map(({ entry, kept }) => ({ email: kept.email, list_id: kept.listId ?? null, kept: kept.reason, file: entry.reason })),
      });
      return 0;
    }
    say(report(file, stateLine(location), dryRun, added, covered.length, otherwise));
    return 0;
  } finally {
    await state.close();
  }
}

function report(file: string, where: string, dryRun: boolean, added: SuppressionEntry[], already: number, otherwise: { entry: NewSuppression; kept: SuppressionEntry }[]): string {
  const lines = [`state import: ${file} → ${where}`];
  if (added.length === 0) {
    lines.push(`nothing to import: every entry of the file is on the suppression list already (${already})`);
  } else {
    lines.push(`${dryRun ? 'would add' : 'added'} ${added.length} ${plural(added.length, 'entry', 'entries')}; ${already} ${already === 1 ? 'was' : 'were'} on the list already and stay as they are`);
    if (dryRun) {
      for (const e of added.slice(0, SHOWN)) lines.push(`  + ${e.email} (${scope(e.listId)}): ${e.reason}`);
      if (added.length > SHOWN) lines.push(`  … and ${added.length - SHOWN} more`);
    }
  }
  for (const { entry, kept } of otherwise.slice(0, SHOWN)) {
    lines.push(`  ${kept.email} (${scope(kept.listId)}) stays ${kept.reason} (the file says ${entry.reason})`);
  }
  if (otherwise.length > SHOWN) lines.push(`  … and ${otherwise.length - SHOWN} more kept as they were`);
  if (dryRun) lines.push('dry run: nothing was written');
  return lines.join('\n');
}

import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { describeLocation, type StateLocation } from '../../state/state-location.js';
import { suppressionCsv } from '../../state/suppression-csv.js';
import type { SuppressionEntry } from '../../state/types.js';
import type { CommandInput } from '../command.js';
import { note, plural } from '../output.js';
import { openCliState, stateLocationOf } from '../state.js';
import { configIfAny } from './subscribers-check.js';

/** A state never made has nothing to export: most likely a typo in --state. */
export function noStateToExport(location: StateLocation, file?: string): UserError {
  return new UserError(`there is no state in ${describeLocation(location)}, so nothing to export${file ? `; ${file} was not written` : ''}`, {
    hint: 'name the state folder the sends use with --state DIR or NEWSLETTER_STATE_DIR',
  });
}

async function suppressionEntriesOf(location: StateLocation, file?: string): Promise<SuppressionEntry[]> {
  const state = await openCliState(location, { existingOnly: true, readOnly: true });
  if (!state) throw noStateToExport(location, file);
  try {
    return await state.suppression.list();
  } finally {
    await state.close();
  }
}

/**
 * Writes the suppression list as CSV to a new file: never over an existing one (it may be
 * the subscriber list), and whole or not at all. `subscribers suppressed --export` writes
 * through here too.
 */
export function writeSuppressionCsv(file: string, entries: SuppressionEntry[]): void {
  if (existsSync(file)) {
    throw new UserError(`${file} exists already; the export never overwrites a file`, { hint: 'choose another file name, or move the old file away first' });
  }
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, suppressionCsv(entries), { flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC') {
      throw new UserError(`could not write ${file} (${code})`, { hint: 'check that its folder exists and is writable', cause: error });
    }
    throw error;
  }
  note(`wrote ${entries.length} ${plural(entries.length, 'address', 'addresses')} to ${file}`);
}

/** `newsletter state export [--out FILE]`: the suppression list as CSV, to a new file or stdout, from either backend. */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const location = stateLocationOf(configIfAny(globals), globals);
  const file = options.out ? resolve(options.out as string) : undefined;
  const entries = await suppressionEntriesOf(location, file);
  if (file) writeSuppressionCsv(file, entries);
  else process.stdout.write(suppressionCsv(entries));
  return 0;
}

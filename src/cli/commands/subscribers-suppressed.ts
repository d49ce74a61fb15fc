import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { suppressionKind, type SuppressionEntry } from '../../state/types.js';
import type { CommandInput } from '../command.js';
import { note, printJson, say } from '../output.js';
import { openCliState, stateLocationOf } from '../state.js';
import { configIfAny } from './subscribers-check.js';
import { describeLocation } from '../../state/state-location.js';

/** `newsletter subscribers suppressed [--export FILE] [--json]`: who never gets mail again, and why. */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const config = configIfAny(globals);
  const location = stateLocationOf(config, globals);
  const stateDir = describeLocation(location);
  const state = await openCliState(location, { existingOnly: true, readOnly: true });
  let entries: SuppressionEntry[] = [];
  if (state) {
    try {
      entries = await state.suppression.list();
    } finally {
      await state.close();
    }
  }
  const bounced = entries.filter((e) => suppressionKind(e.reason) === 'bounced').length;
  const unsubscribed = entries.length - bounced;

  if (options.export) {
    const file = resolve(options.export as string);
    if (!state) {
      throw new UserError(`there is no state in ${stateDir}, so nothing to export; ${file} was not written`, {
        hint: 'name the state folder the sends use with --state DIR or NEWSLETTER_STATE_DIR',
      });
    }
    writeExport(file, toCsv(entries));
    note(`wrote ${entries.length} ${entries.length === 1 ? 'address' : 'addresses'} to ${file}`);
  }
  if (options.json) {
    printJson({
      count: entries.length,
      unsubscribed,
      bounced,
      entries: entries.map((e) => ({ email: e.email, reason: e.reason, detail: e.detail ?? null, list_id: e.listId ?? null, created_at: e.createdAt })),
    });
  } else if (!options.export) {
    if (entries.length === 0) say(`The suppression list is empty (state: ${stateDir}).`);
    for (const e of entries) say(`${e.createdAt.slice(0, 16).replace('T', ' ')}  ${e.reason.padEnd(12)}  ${e.email}${e.detail ? `  (${e.detail})` : ''}`);
    if (entries.length > 0) say(`${entries.length} suppressed: ${unsubscribed} unsubscribed, ${bounced} bounced`);
  }
  return 0;
}

/** Never over an existing file (it may be the subscriber list), and whole or not at all. */
function writeExport(file: string, csv: string): void {
  if (existsSync(file)) {
    throw new UserError(`${file} exists already; the export never overwrites a file`, { hint: 'choose another file name, or move the old file away first' });
  }
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, csv, { flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC') {
      throw new UserError(`could not write ${file} (${code})`, { hint: 'check that its folder exists and is writable', cause: error });
    }
    throw error;
  }
}

/** RFC 4180 CSV, every field quoted; a leading formula character is defused for spreadsheets. */
function toCsv(entries: SuppressionEntry[]): string {
  const field = (value: string | undefined) => {
    const text = value ?? '';
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const rows = [['email', 'reason', 'detail', 'list_id', 'created_at'].map(field).join(',')];
  for (const e of entries) rows.push([e.email, e.reason, e.detail, e.listId, e.createdAt].map(field).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

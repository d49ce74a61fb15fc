import { resolve } from 'node:path';
import { suppressionKind, type SuppressionEntry } from '../../state/types.js';
import type { CommandInput } from '../command.js';
import { printJson, say } from '../output.js';
import { openCliState, stateLocationOf } from '../state.js';
import { configIfAny } from './subscribers-check.js';
import { noStateToExport, writeSuppressionCsv } from './state-export.js';
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

  // the same file as `state export --out FILE`
  if (options.export) {
    const file = resolve(options.export as string);
    if (!state) throw noStateToExport(location, file);
    writeSuppressionCsv(file, entries);
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


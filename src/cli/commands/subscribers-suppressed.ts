import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveStateDir } from '../../state/database.js';
import { openExistingStateDatabase } from '../../state/state-location.js';
import { openSuppressionList, type SuppressionEntry } from '../../unsubscribe/suppression-list.js';
import type { CommandInput } from '../command.js';
import { note, printJson, say } from '../output.js';
import { configIfAny } from './subscribers-check.js';

/** `newsletter subscribers suppressed [--export FILE] [--json]`: who never gets mail again, and why. */
export async function run({ options, globals }: CommandInput): Promise<number> {
  const config = configIfAny(globals);
  const stateDir = resolveStateDir(config?.dir ?? process.cwd(), globals.state);
  const db = openExistingStateDatabase(stateDir);
  const entries = db ? readAll(db) : [];
  const unsubscribed = entries.filter((e) => e.reason !== 'bounced').length;
  const bounced = entries.length - unsubscribed;

  if (options.export) {
    const file = resolve(options.export as string);
    writeFileSync(file, toCsv(entries));
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

function readAll(db: NonNullable<ReturnType<typeof openExistingStateDatabase>>): SuppressionEntry[] {
  try {
    return openSuppressionList(db).list();
  } finally {
    db.close();
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

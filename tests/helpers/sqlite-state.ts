/** Synchronous looks into (and writes to) an SQLite state folder, for tests that check what a command or server left there. */
import { openStateDatabase } from '../../src/state/database.js';
import { toSuppressionEntry, type SuppressionRow } from '../../src/state/sqlite/suppression.js';
import { suppressionEmail, suppressionKey } from '../../src/state/suppression-key.js';
import type { SuppressionEntry, SuppressionReason } from '../../src/state/types.js';

/** Every suppression entry of the folder's state, oldest first. */
export function suppressionEntries(stateDir: string): SuppressionEntry[] {
  const db = openStateDatabase(stateDir);
  try {
    return (db.prepare('SELECT * FROM suppression ORDER BY created_at, id').all() as SuppressionRow[]).map(toSuppressionEntry);
  } finally {
    db.close();
  }
}

/** The entry of one address, if any. */
export function suppressionEntry(stateDir: string, email: string): SuppressionEntry | undefined {
  return suppressionEntries(stateDir).find((e) => e.key === suppressionKey(email));
}

/** Puts addresses on the suppression list of the folder's state (global entries). */
export function suppress(stateDir: string, entries: [string, SuppressionReason, string?][]): void {
  const db = openStateDatabase(stateDir);
  try {
    const insert = db.prepare('INSERT INTO suppression (email_key, email, reason, detail, created_at) VALUES (?, ?, ?, ?, ?)');
    for (const [email, reason, detail] of entries) insert.run(suppressionKey(email), suppressionEmail(email), reason, detail ?? null, new Date().toISOString());
  } finally {
    db.close();
  }
}

import { countKinds, suppressionEmail, suppressionKey } from '../suppression-key.js';
import type { NewSuppression, SuppressionEntry, SuppressionMerge, SuppressionReason, SuppressionStore } from '../types.js';
import type { Guard } from './guard.js';
import type { StateDatabase } from '../database.js';

/** A suppression row as both backends return it. */
export interface SuppressionRow {
  email_key: string;
  email: string;
  reason: SuppressionReason;
  list_id: string | null;
  issue_id: string | null;
  detail: string | null;
  source: string | null;
  created_at: string;
}

export function toSuppressionEntry(row: SuppressionRow): SuppressionEntry {
  return {
    email: row.email,
    key: row.email_key,
    reason: row.reason,
    ...(row.list_id === null ? {} : { listId: row.list_id }),
    ...(row.issue_id === null ? {} : { issueId: row.issue_id }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    ...(row.source === null ? {} : { source: row.source }),
    createdAt: row.created_at,
  };
}

/** The suppression list in an SQLite state (statements prepared once: the planner reads it per send). */
export function sqliteSuppression(db: StateDatabase, guard: Guard): SuppressionStore {
  // a global entry first: it is the one that stops every list's mail
  const applying = `email_key = @key AND (@listId IS NULL OR list_id IS NULL OR list_id = @listId) ORDER BY list_id IS NOT NULL, id LIMIT 1`;
  const statements = {
    get: db.prepare<{ key: string; listId: string | null }, SuppressionRow>(`SELECT * FROM suppression WHERE ${applying}`),
    insert: db.prepare(
      `INSERT INTO suppression (email_key, email, reason, list_id, issue_id, detail, source, created_at)
       VALUES (@key, @email, @reason, @listId, @issueId, @detail, @source, @createdAt) ON CONFLICT DO NOTHING`,
    ),
    remove: db.prepare('DELETE FROM suppression WHERE email_key = @key AND (@listId IS NULL OR list_id = @listId)'),
    all: db.prepare<[], SuppressionRow>('SELECT * FROM suppression ORDER BY created_at, id'),
    counts: db.prepare<[], { reason: SuppressionReason; n: number }>('SELECT reason, COUNT(*) AS n FROM suppression GROUP BY reason'),
    keys: db.prepare<{ listId: string | null; after: number }, { id: number; email_key: string; reason: SuppressionReason }>(
      // global entries win over a list's (ORDER BY: the later row of a key is kept by the Map)
      `SELECT id, email_key, reason FROM suppression WHERE id > @after AND (@listId IS NULL OR list_id IS NULL OR list_id = @listId)
       ORDER BY list_id IS NULL, id`,
    ),
    lookup: db.prepare<{ keys: string; listId: string | null }, { email_key: string; reason: SuppressionReason }>(
      `SELECT email_key, reason FROM suppression WHERE email_key IN (SELECT value FROM json_each(@keys))
       AND (@listId IS NULL OR list_id IS NULL OR list_id = @listId) ORDER BY list_id IS NULL, id`,
    ),
    maxId: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM suppression'),
  };
  const get = (email: string, listId?: string) => statements.get.get({ key: suppressionKey(email), listId: listId ?? null });
  /** Records one entry unless one for its list (or a global one) is there: the first entry stays. */
  const addNow = (entry: NewSuppression) => {
    const key = suppressionKey(entry.email);
    const listId = entry.listId ?? null;
    const existing = get(entry.email, entry.listId);
    if (existing && (existing.list_id === null || existing.list_id === listId)) return { added: false, entry: toSuppressionEntry(existing) };
    const result = statements.insert.run({
      key,
      email: suppressionEmail(entry.email),
      reason: entry.reason,
      listId,
      issueId: entry.issueId ?? null,
      detail: entry.detail ?? null,
      source: entry.source ?? null,
      createdAt: entry.createdAt ?? new Date().toISOString(),
    });
    return { added: result.changes > 0, entry: toSuppressionEntry(get(entry.email, entry.listId)!) };
  };
  const keysAfter = (after: number, listId?: string) => {
    const keys = new Map<string, SuppressionReason>();
    let last = after;
    for (const row of statements.keys.iterate({ listId: listId ?? null, after })) {
      keys.set(row.email_key, row.reason);
      if (row.id > last) last = row.id;
    }
    return { keys, last };
  };

  return {
    add: (entry) => guard(() => addNow(entry)),
    merge: (entries, options = {}) =>
      guard(() => {
        const result: SuppressionMerge = { added: [], covered: [] };
        const rollBack = new Error('dry run');
        const apply = db.transaction(() => {
          for (const entry of entries) {
            const { added, entry: stored } = addNow(entry);
            if (added) result.added.push(stored);
            else result.covered.push({ entry, kept: stored });
          }
          if (options.dryRun) throw rollBack;
        });
        try {
          apply.immediate();
        } catch (error) {
          if (error !== rollBack) throw error;
        }
        return result;
      }),
    get: (email, listId) =>
      guard(() => {
        const row = get(email, listId);
        return row ? toSuppressionEntry(row) : undefined;
      }),
    remove: (email, listId) => guard(() => statements.remove.run({ key: suppressionKey(email), listId: listId ?? null }).changes),
    list: () => guard(() => statements.all.all().map(toSuppressionEntry)),
    counts: () => guard(() => countKinds(statements.counts.all())),
    keys: (listId) => guard(() => keysAfter(0, listId).keys),
    lookup: (keys, listId) =>
      guard(() => {
        const found = new Map<string, SuppressionReason>();
        // a global entry last: its reason is the one kept
        for (const row of statements.lookup.iterate({ keys: JSON.stringify(keys), listId: listId ?? null })) found.set(row.email_key, row.reason);
        return found;
      }),
    since: (watermark, listId) =>
      guard(() => {
        // the first call only sets the watermark: the plan has read everything before it
        if (watermark === undefined) return { keys: new Map(), watermark: String(statements.maxId.get()?.id ?? 0) };
        const { keys, last } = keysAfter(Number(watermark), listId);
        return { keys, watermark: String(last) };
      }),
  };
}

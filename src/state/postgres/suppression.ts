import type pg from 'pg';
import { toSuppressionEntry, type SuppressionRow } from '../sqlite/suppression.js';
import { countKinds, suppressionEmail, suppressionKey } from '../suppression-key.js';
import type { NewSuppression, SuppressionMerge, SuppressionReason, SuppressionStore } from '../types.js';
import { rows, transaction, type PgGuard } from './pg-guard.js';

type Queryable = pg.Pool | pg.PoolClient;

/** How far back a watermark reads again: a row's server time is taken before its commit, so a late commit still counts. */
const WATERMARK_OVERLAP = "interval '10 seconds'";

const APPLIES = '($2::text IS NULL OR list_id IS NULL OR list_id = $2)';

/** The suppression list in a PostgreSQL state. */
export function pgSuppression(pool: pg.Pool, guard: PgGuard): SuppressionStore {
  const get = async (email: string, listId?: string, client: Queryable = pool) =>
    (await rows<SuppressionRow>(client, `SELECT * FROM suppression WHERE email_key = $1 AND ${APPLIES} ORDER BY list_id IS NOT NULL, id LIMIT 1`, [suppressionKey(email), listId ?? null]))[0];
  /** Records one entry unless one for its list (or a global one) is there: the first entry stays. */
  const addWith = async (client: Queryable, entry: NewSuppression) => {
    const existing = await get(entry.email, entry.listId, client);
    if (existing && (existing.list_id === null || existing.list_id === (entry.listId ?? null))) return { added: false, entry: toSuppressionEntry(existing) };
    const inserted = await rows<SuppressionRow>(
      client,
      `INSERT INTO suppression (email_key, email, reason, list_id, issue_id, detail, source, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING *`,
      [
        suppressionKey(entry.email),
        suppressionEmail(entry.email),
        entry.reason,
        entry.listId ?? null,
        entry.issueId ?? null,
        entry.detail ?? null,
        entry.source ?? null,
        entry.createdAt ?? new Date().toISOString(),
      ],
    );
    if (inserted[0]) return { added: true, entry: toSuppressionEntry(inserted[0]) };
    return { added: false, entry: toSuppressionEntry((await get(entry.email, entry.listId, client))!) };
  };
  const keysWhere = async (where: string, values: unknown[]) => {
    const keys = new Map<string, SuppressionReason>();
    // global entries last: they win in the Map
    for (const row of await rows<{ email_key: string; reason: SuppressionReason }>(pool, `SELECT email_key, reason FROM suppression WHERE ${where} ORDER BY list_id IS NULL, id`, values)) {
      keys.set(row.email_key, row.reason);
    }
    return keys;
  };

  return {
    add: (entry) => guard(() => addWith(pool, entry)),
    merge: (entries, options = {}) =>
      guard(async () => {
        const result: SuppressionMerge = { added: [], covered: [] };
        const rollBack = new Error('dry run');
        try {
          await transaction(pool, async (client) => {
            for (const entry of entries) {
              const { added, entry: stored } = await addWith(client, entry);
              if (added) result.added.push(stored);
              else result.covered.push({ entry, kept: stored });
            }
            if (options.dryRun) throw rollBack;
          });
        } catch (error) {
          if (error !== rollBack) throw error;
        }
        return result;
      }),
    get: (email, listId) =>
      guard(async () => {
        const row = await get(email, listId);
        return row ? toSuppressionEntry(row) : undefined;
      }),
    remove: (email, listId) =>
      guard(async () => (await pool.query('DELETE FROM suppression WHERE email_key = $1 AND ($2::text IS NULL OR list_id = $2)', [suppressionKey(email), listId ?? null])).rowCount ?? 0),
    list: () => guard(async () => (await rows<SuppressionRow>(pool, 'SELECT * FROM suppression ORDER BY created_at, id')).map(toSuppressionEntry)),
    counts: () => guard(async () => countKinds(await rows<{ reason: SuppressionReason; n: number }>(pool, 'SELECT reason, count(*)::int AS n FROM suppression GROUP BY reason'))),
    keys: (listId) => guard(() => keysWhere(`($1::text IS NULL OR list_id IS NULL OR list_id = $1)`, [listId ?? null])),
    lookup: (keys, listId) => guard(() => keysWhere('email_key = ANY($1::text[]) AND ($2::text IS NULL OR list_id IS NULL OR list_id = $2)', [keys, listId ?? null])),
    since: (watermark, listId) =>
      guard(async () => {
        const now = (await rows<{ now: string }>(pool, 'SELECT clock_timestamp()::text AS now'))[0].now;
        if (watermark === undefined) return { keys: new Map(), watermark: now };
        const keys = await keysWhere(`recorded_at > $1::timestamptz - ${WATERMARK_OVERLAP} AND ($2::text IS NULL OR list_id IS NULL OR list_id = $2)`, [watermark, listId ?? null]);
        return { keys, watermark: now };
      }),
  };
}

import type pg from 'pg';
import { decideSql, LEFT_OVER_MS, planCounts, toPlanRow, type PlanParam, type PlanRowRecord } from '../plan-sql.js';
import type { PlanDecision, PlanDuplicate, PlanStore, PlanTable } from '../plan-types.js';
import { PROCESS_IDENTITY } from '../process-identity.js';
import { rows, transaction, type PgGuard } from './pg-guard.js';

const PARAMS: PlanParam[] = ['planId', 'issueId', 'destination', 'mode', 'listId', 'lang'];
const DECIDE = decideSql(
  (name) => `$${PARAMS.indexOf(name) + 1}`,
  (name) => `$${PARAMS.indexOf(name) + 1}::text`,
);

/** The plans in a PostgreSQL state: each batch one statement (unnest of arrays), the cursor one range of the primary key. */
export function pgPlans(pool: pg.Pool, guard: PgGuard): PlanStore {
  const drop = (id: number) =>
    transaction(pool, async (client) => {
      await client.query('DELETE FROM send_plan_row WHERE plan_id = $1', [id]);
      await client.query('DELETE FROM send_plan WHERE id = $1', [id]);
    });

  function table(id: number, issueId: string, destination: string): PlanTable {
    return {
      id,
      issueId,
      destination,
      add: (batch) =>
        guard(async () => {
          if (batch.length === 0) return [];
          const added = await rows<{ line: number }>(
            pool,
            `INSERT INTO send_plan_row (plan_id, line, email_key, email, lang, data)
             SELECT $1, l, k, e, g, d FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(l, k, e, g, d)
             ON CONFLICT DO NOTHING RETURNING line`,
            [id, batch.map((r) => r.line), batch.map((r) => r.key), batch.map((r) => r.email), batch.map((r) => r.lang), batch.map((r) => r.data)],
          );
          if (added.length === batch.length) return [];
          const inserted = new Set(added.map((r) => Number(r.line)));
          const left = batch.filter((r) => !inserted.has(r.line));
          const first = await rows<{ email_key: string; line: number }>(pool, 'SELECT email_key, line FROM send_plan_row WHERE plan_id = $1 AND email_key = ANY($2::text[])', [
            id,
            left.map((r) => r.key),
          ]);
          const lineOf = new Map(first.map((r) => [r.email_key, Number(r.line)]));
          return left.map((r): PlanDuplicate => ({ line: r.line, key: r.key, firstLine: lineOf.get(r.key) ?? 0 }));
        }),
      decide: (input) =>
        guard(async () => {
          await pool.query(DECIDE, [id, issueId, destination, input.mode, input.listId ?? null, input.lang ?? null]);
        }),
      counts: () =>
        guard(async () =>
          planCounts(
            await rows<{ decision: PlanDecision | null; n: string }>(pool, 'SELECT decision, count(*) AS n FROM send_plan_row WHERE plan_id = $1 GROUP BY decision', [id]),
            await rows<{ lang: string; n: string }>(pool, "SELECT lang, count(*) AS n FROM send_plan_row WHERE plan_id = $1 AND decision = 'send' GROUP BY lang", [id]),
          ),
        ),
      rows: (filter, afterLine, limit) =>
        guard(async () =>
          (
            await rows<PlanRowRecord>(
              pool,
              `SELECT * FROM send_plan_row WHERE plan_id = $1 AND line > $2 AND decision = $3 AND ($4::text IS NULL OR lang = $4) ORDER BY line LIMIT $5`,
              [id, afterLine, filter.decision, filter.lang ?? null, limit],
            )
          ).map(toPlanRow),
        ),
      addToJournal: () =>
        guard(async () => {
          await pool.query(
            `INSERT INTO send_recipient (issue_id, destination, email_key, email, lang, state, generation, created_at, updated_at)
             SELECT $2, $3, email_key, email, lang, 'pending',
                    coalesce((SELECT generation FROM send_run WHERE issue_id = $2 AND destination = $3 ORDER BY id DESC LIMIT 1), 1), $4, $4
             FROM send_plan_row WHERE plan_id = $1 AND decision = 'send' ORDER BY line
             ON CONFLICT DO NOTHING`,
            [id, issueId, destination, new Date().toISOString()],
          );
        }),
      drop: () => guard(() => drop(id)),
    };
  }

  return {
    create: (issueId, destination, kind) =>
      guard(async () => {
        const row = (
          await rows<{ id: string | number }>(pool, 'INSERT INTO send_plan (issue_id, destination, kind, pid, host, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
            issueId,
            destination,
            kind,
            PROCESS_IDENTITY.pid,
            PROCESS_IDENTITY.host,
            Date.now(),
          ])
        )[0];
        return table(Number(row.id), issueId, destination);
      }),
    removeLeftOver: (issueId, destination, olderThanMs = LEFT_OVER_MS) =>
      guard(async () => {
        const found = await rows<{ id: string | number }>(pool, "SELECT id FROM send_plan WHERE (issue_id = $1 AND destination = $2 AND kind = 'send') OR created_at < $3", [
          issueId,
          destination,
          Date.now() - olderThanMs,
        ]);
        for (const row of found) await drop(Number(row.id));
        return found.length;
      }),
    rowCount: () => guard(async () => Number((await rows<{ n: string }>(pool, 'SELECT count(*) AS n FROM send_plan_row'))[0].n)),
  };
}

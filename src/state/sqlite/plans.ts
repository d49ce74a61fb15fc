import type { StateDatabase } from '../database.js';
import { decideSql, LEFT_OVER_MS, planCounts, toPlanRow, type PlanRowRecord } from '../plan-sql.js';
import type { PlanDuplicate, PlanRowInput, PlanStore, PlanTable } from '../plan-types.js';
import { PROCESS_IDENTITY } from '../process-identity.js';
import type { Guard } from './guard.js';

/** The plans in an SQLite state: each batch one transaction, the cursor one range of the primary key. */
export function sqlitePlans(db: StateDatabase, guard: Guard): PlanStore {
  const statements = {
    create: db.prepare('INSERT INTO send_plan (issue_id, destination, kind, pid, host, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id'),
    add: db.prepare('INSERT INTO send_plan_row (plan_id, line, email_key, email, lang, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    firstLine: db.prepare('SELECT line FROM send_plan_row WHERE plan_id = ? AND email_key = ?'),
    decide: db.prepare(decideSql((name) => `@${name}`)),
    decisions: db.prepare('SELECT decision, count(*) AS n FROM send_plan_row WHERE plan_id = ? GROUP BY decision'),
    languages: db.prepare("SELECT lang, count(*) AS n FROM send_plan_row WHERE plan_id = ? AND decision = 'send' GROUP BY lang"),
    rows: db.prepare(
      `SELECT * FROM send_plan_row WHERE plan_id = @planId AND line > @after AND decision = @decision AND (@lang IS NULL OR lang = @lang)
       ORDER BY line LIMIT @limit`,
    ),
    toJournal: db.prepare(
      `INSERT INTO send_recipient (issue_id, destination, email_key, email, lang, state, generation, created_at, updated_at)
       SELECT @issueId, @destination, email_key, email, lang, 'pending',
              coalesce((SELECT generation FROM send_run WHERE issue_id = @issueId AND destination = @destination ORDER BY id DESC LIMIT 1), 1), @now, @now
       FROM send_plan_row WHERE plan_id = @planId AND decision = 'send' ORDER BY line
       ON CONFLICT DO NOTHING`,
    ),
    dropRows: db.prepare('DELETE FROM send_plan_row WHERE plan_id = ?'),
    dropPlan: db.prepare('DELETE FROM send_plan WHERE id = ?'),
    leftOver: db.prepare("SELECT id FROM send_plan WHERE (issue_id = ? AND destination = ? AND kind = 'send') OR created_at < ?"),
    rowCount: db.prepare('SELECT count(*) AS n FROM send_plan_row'),
  };
  const addBatch = db.transaction((planId: number, rows: readonly PlanRowInput[]) => {
    const duplicates: PlanDuplicate[] = [];
    for (const row of rows) {
      if (statements.add.run(planId, row.line, row.key, row.email, row.lang, row.data).changes > 0) continue;
      const first = statements.firstLine.get(planId, row.key) as { line: number };
      duplicates.push({ line: row.line, key: row.key, firstLine: first.line });
    }
    return duplicates;
  });
  const drop = db.transaction((planId: number) => {
    statements.dropRows.run(planId);
    statements.dropPlan.run(planId);
  });

  function table(id: number, issueId: string, destination: string): PlanTable {
    return {
      id,
      issueId,
      destination,
      add: (rows) => guard(() => addBatch(id, rows)),
      decide: (input) =>
        guard(() => {
          statements.decide.run({ planId: id, issueId, destination, mode: input.mode, listId: input.listId ?? null, lang: input.lang ?? null });
        }),
      counts: () => guard(() => planCounts(statements.decisions.all(id) as never, statements.languages.all(id) as never)),
      rows: (filter, afterLine, limit) =>
        guard(() =>
          (statements.rows.all({ planId: id, after: afterLine, decision: filter.decision, lang: filter.lang ?? null, limit }) as PlanRowRecord[]).map(toPlanRow),
        ),
      addToJournal: () =>
        guard(() => {
          const now = new Date().toISOString();
          statements.toJournal.run({ planId: id, issueId, destination, now });
        }),
      drop: () => guard(() => drop(id)),
    };
  }

  return {
    create: (issueId, destination, kind) =>
      guard(() => {
        const row = statements.create.get(issueId, destination, kind, PROCESS_IDENTITY.pid, PROCESS_IDENTITY.host, Date.now()) as { id: number };
        return table(row.id, issueId, destination);
      }),
    removeLeftOver: (issueId, destination, olderThanMs = LEFT_OVER_MS) =>
      guard(() => {
        const ids = (statements.leftOver.all(issueId, destination, Date.now() - olderThanMs) as { id: number }[]).map((r) => r.id);
        for (const id of ids) drop(id);
        return ids.length;
      }),
    rowCount: () => guard(() => Number((statements.rowCount.get() as { n: number }).n)),
  };
}

import type pg from 'pg';
import { bracketed, iso, lateCounts, pagedEntries, summaryFromCounts, toEntry, toRun, unknownReaders, type RecipientRow, type RunRow } from '../journal-rows.js';
import { suppressionKey } from '../suppression-key.js';
import type { ChangedInput, JobJournal, JournalStore, JournalSummary, LateOutcome, RecipientState } from '../types.js';
import { pgClaims } from './claims.js';
import { JOB_KEY, LISTED } from './job-sql.js';
import { pgLeases } from './lease.js';
import { rows, transaction, type PgGuard } from './pg-guard.js';

/**
 * Pending rows of readers on the suppression list by now: no longer readers of this send,
 * as if they had been suppressed before the plan.
 */
const DROP_SUPPRESSED = `DELETE FROM send_recipient WHERE ${JOB_KEY} AND state = 'pending'
  AND EXISTS (SELECT 1 FROM suppression s WHERE s.email_key = send_recipient.email_key AND ${LISTED})`;

/** The send journal in a PostgreSQL state: every mark one autocommitted statement. */
export function pgJournal(pool: pg.Pool, guard: PgGuard, location: string): JournalStore {
  const leases = pgLeases(pool, guard, location);
  const lastRunOf = async (client: pg.Pool | pg.PoolClient, issueId: string, destination: string) => {
    const row = (await rows<RunRow>(client, `SELECT * FROM send_run WHERE ${JOB_KEY} ORDER BY id DESC LIMIT 1`, [issueId, destination]))[0];
    return row ? toRun(row) : undefined;
  };

  async function summarize(issueId: string, destination: string): Promise<JournalSummary> {
    const counts = await rows<{ state: RecipientState; n: string; bounced: string }>(
      pool,
      `SELECT state, count(*) AS n, sum(bounced) AS bounced FROM send_recipient WHERE ${JOB_KEY} GROUP BY state`,
      [issueId, destination],
    );
    const summary = summaryFromCounts(issueId, destination, counts);
    const last = await lastRunOf(pool, issueId, destination);
    if (last) summary.lastRun = last;
    const running = await leases.liveHolder(issueId, destination);
    if (running) summary.running = running;
    if (summary.unknown > 0) {
      summary.unknownReaders = unknownReaders(
        await rows<RecipientRow>(pool, `SELECT * FROM send_recipient WHERE ${JOB_KEY} AND state = 'unknown' ORDER BY email_key LIMIT 100`, [issueId, destination]),
      );
    }
    return summary;
  }

  function job(issueId: string, destination: string, options: { listId?: string } = {}): JobJournal {
    const keysIn = async (state: RecipientState) =>
      new Set((await rows<{ email_key: string }>(pool, `SELECT email_key FROM send_recipient WHERE ${JOB_KEY} AND state = $3`, [issueId, destination, state])).map((r) => r.email_key));
    const settle = (key: string, state: RecipientState, reply: string | null, bounced: boolean) =>
      guard(async () => {
        const now = iso();
        await pool.query(`UPDATE send_recipient SET state = $3, reply = $4, bounced = $5, sent_at = $6, updated_at = $7 WHERE ${JOB_KEY} AND email_key = $8`, [
          issueId,
          destination,
          state,
          reply,
          bounced ? 1 : 0,
          state === 'sent' ? now : null,
          now,
          key,
        ]);
      });

    const claim = pgClaims(pool, guard, { issueId, destination, ...options });

    return {
      issueId,
      destination,
      view: () =>
        guard(async () => {
          const unknown = new Map<string, string>();
          for (const row of await rows<{ email_key: string; message_id: string | null }>(
            pool,
            `SELECT email_key, message_id FROM send_recipient WHERE ${JOB_KEY} AND state = 'unknown'`,
            [issueId, destination],
          )) {
            unknown.set(row.email_key, row.message_id ?? '');
          }
          return { sent: await keysIn('sent'), unknown };
        }),
      keys: (state) => guard(() => keysIn(state)),
      entry: (key) =>
        guard(async () => {
          const row = (await rows<RecipientRow>(pool, `SELECT * FROM send_recipient WHERE ${JOB_KEY} AND email_key = $3`, [issueId, destination, key]))[0];
          return row ? toEntry(row) : undefined;
        }),
      entries: (state, limit) =>
        guard(async () =>
          (await rows<RecipientRow>(pool, `SELECT * FROM send_recipient WHERE ${JOB_KEY} AND state = $3 ORDER BY email_key LIMIT $4`, [issueId, destination, state, limit ?? null])).map(toEntry),
        ),
      lastRun: () => guard(() => lastRunOf(pool, issueId, destination)),
      changedSince: (issueHash, listHash) =>
        guard(async () => {
          const last = await lastRunOf(pool, issueId, destination);
          const changed: ChangedInput[] = [];
          if (!last) return changed;
          if (last.issueHash !== issueHash) changed.push('issue');
          if (last.listHash !== listHash) changed.push('list');
          return changed;
        }),
      recoverInterrupted: () =>
        guard(async () =>
          (
            await rows<{ email_key: string }>(
              pool,
              `UPDATE send_recipient SET state = 'unknown', updated_at = $3, reply = coalesce(reply, 'interrupted while sending')
               WHERE ${JOB_KEY} AND state = 'sending' RETURNING email_key`,
              [issueId, destination, iso()],
            )
          )
            .map((r) => r.email_key)
            .sort(),
        ),
      beginRun: (plan, recipients, pid = process.pid) =>
        guard(() =>
          transaction(pool, async (client) => {
            // one run start at a time per job, like SQLite's immediate transaction
            await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`run ${issueId} ${destination}`]);
            const last = await lastRunOf(client, issueId, destination);
            let generation = last?.generation ?? 1;
            const now = iso();
            if (plan.mode === 'resend' && last) {
              generation++;
              await client.query(
                `UPDATE send_recipient SET state = 'pending', message_id = NULL, reply = NULL, bounced = 0, attempts = 0,
                 sent_at = NULL, generation = $3, updated_at = $4 WHERE ${JOB_KEY}`,
                [issueId, destination, generation, now],
              );
            }
            await client.query(DROP_SUPPRESSED, [issueId, destination, options.listId ?? null]);
            const row = (
              await rows<RunRow>(
                client,
                `INSERT INTO send_run (issue_id, destination, mode, issue_hash, list_hash, generation, pid, recipients, started_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
                [issueId, destination, plan.mode, plan.issueHash, plan.listHash, generation, pid, recipients, now],
              )
            )[0];
            return toRun(row);
          }),
        ),
      finishRun: (runId, stoppedBecause) =>
        guard(async () => {
          await pool.query('UPDATE send_run SET finished_at = $1, stopped_because = $2 WHERE id = $3', [iso(), stoppedBecause ?? null, runId]);
        }),
      addPending: (recipients) =>
        guard(async () => {
          const generation = (await lastRunOf(pool, issueId, destination))?.generation ?? 1;
          const now = iso();
          let batch: { key: string; email: string; lang: string }[] = [];
          const flush = async () => {
            if (batch.length === 0) return;
            // one statement per 5 000 rows: unnest of three arrays
            await pool.query(
              `INSERT INTO send_recipient (issue_id, destination, email_key, email, lang, state, generation, created_at, updated_at)
               SELECT $1, $2, k, e, l, 'pending', $3, $4, $4 FROM unnest($5::text[], $6::text[], $7::text[]) AS t(k, e, l)
               ON CONFLICT DO NOTHING`,
              [issueId, destination, generation, now, batch.map((r) => r.key), batch.map((r) => r.email), batch.map((r) => r.lang)],
            );
            batch = [];
          };
          for (const r of recipients) {
            batch.push(r);
            if (batch.length === 5000) await flush();
          }
          await flush();
        }),
      markSending: async (key, messageId, atMs) => (await claim(key, { messageId, atMs })).claimed,
      claim,
      markSent: (key, reply) => settle(key, 'sent', reply, false),
      markFailed: (key, reply, bounced) => settle(key, 'failed', reply, bounced),
      markUnknown: (key, reason) => settle(key, 'unknown', reason, false),
      markPending: (key, reply) => settle(key, 'pending', reply ?? null, false),
      summary: () => guard(() => summarize(issueId, destination)),
    };
  }

  return {
    job,
    status: (issueId, destination) =>
      guard(async () => {
        if (destination !== undefined) return [await summarize(issueId, destination)];
        const found = await rows<{ destination: string }>(
          pool,
          'SELECT destination FROM send_run WHERE issue_id = $1 UNION SELECT destination FROM send_recipient WHERE issue_id = $1 ORDER BY destination',
          [issueId],
        );
        const summaries: JournalSummary[] = [];
        for (const row of found) summaries.push(await summarize(issueId, row.destination));
        return summaries;
      }),
    findRecipient: (issueId, email) =>
      guard(async () =>
        (await rows<RecipientRow>(pool, 'SELECT * FROM send_recipient WHERE issue_id = $1 AND email_key = $2 ORDER BY updated_at DESC', [issueId, suppressionKey(email)])).map(toEntry),
      ),
    entriesOf: (email) =>
      guard(async () =>
        (await rows<RecipientRow>(pool, 'SELECT * FROM send_recipient WHERE email_key = $1 ORDER BY sent_at DESC NULLS LAST, updated_at DESC', [suppressionKey(email)])).map(toEntry),
      ),
    findByMessageId: (messageId) =>
      guard(async () => {
        const row = (await rows<RecipientRow>(pool, 'SELECT * FROM send_recipient WHERE message_id = $1 ORDER BY updated_at DESC LIMIT 1', [bracketed(messageId)]))[0];
        return row ? toEntry(row) : undefined;
      }),
    recordLateOutcome: (messageId, late) =>
      guard(async () => {
        const result = await pool.query(
          `UPDATE send_recipient SET late_outcome = $1, late_status = $2, late_diagnostic = $3, late_at = $4, updated_at = $5,
           bounced = CASE WHEN $1 = 'bounced' THEN 1 ELSE bounced END WHERE message_id = $6`,
          [late.outcome, late.status ?? null, late.diagnostic ?? null, late.at ?? iso(), iso(), bracketed(messageId)],
        );
        return (result.rowCount ?? 0) > 0;
      }),
    recentHandOvers: (destination, sinceMs) =>
      guard(async () =>
        (
          await rows<{ handed_at: string }>(pool, 'SELECT handed_at FROM send_recipient WHERE ($1::text IS NULL OR destination = $1) AND handed_at > $2 ORDER BY handed_at', [
            destination ?? null,
            sinceMs,
          ])
        ).map((r) => Number(r.handed_at)),
      ),
    countHandOvers: (sinceMs, destination) =>
      guard(async () =>
        Number(
          (await rows<{ n: string }>(pool, 'SELECT count(*) AS n FROM send_recipient WHERE ($1::text IS NULL OR destination = $1) AND handed_at > $2', [destination ?? null, sinceMs]))[0].n,
        ),
      ),
    recipientsIn: (issueId, destination, states, options = {}) =>
      pagedEntries(
        (after, size) =>
          guard(() =>
            rows<RecipientRow>(
              pool,
              // the primary key's order, so each page starts where the last one ended without a sort
              `SELECT * FROM send_recipient WHERE ${JOB_KEY} AND email_key > $3 AND state = ANY($4::text[]) ORDER BY email_key LIMIT $5`,
              [issueId, destination, after, [...states], size],
            ),
          ),
        options.batchSize,
      ),
    lateOutcomes: (issueId) =>
      guard(async () =>
        lateCounts(
          await rows<{ destination: string; late_outcome: LateOutcome; n: string }>(
            pool,
            `SELECT destination, late_outcome, count(*) AS n FROM send_recipient
             WHERE issue_id = $1 AND late_outcome IS NOT NULL GROUP BY destination, late_outcome ORDER BY destination`,
            [issueId],
          ),
        ),
      ),
    acquireLease: leases.acquire,
    leaseHolder: leases.holder,
    breakLease: leases.breakLease,
    leases: leases.all,
  };
}

import type { StateDatabase } from '../database.js';
import { bracketed, iso, lateCounts, pagedEntries, summaryFromCounts, toEntry, toRun, unknownReaders, type RecipientRow, type RunRow } from '../journal-rows.js';
import type { ChangedInput, Claim, ClaimOptions, JobJournal, JournalStore, JournalSummary, LateOutcome, RecipientState } from '../types.js';
import { suppressionKey } from '../suppression-key.js';
import type { Guard } from './guard.js';
import { sqliteLeases } from './lease.js';

/** A suppression entry `s` that counts for the job's list (global entries and that list's; every entry without one). */
const LISTED = '(@listId IS NULL OR s.list_id IS NULL OR s.list_id = @listId)';

/**
 * Pending rows of readers on the suppression list by now (global entries and this list's):
 * no longer readers of this send, as if they had been suppressed before the plan.
 */
const DROP_SUPPRESSED = `DELETE FROM send_recipient WHERE issue_id = @issueId AND destination = @destination AND state = 'pending'
  AND EXISTS (SELECT 1 FROM suppression s WHERE s.email_key = send_recipient.email_key AND ${LISTED})`;

/**
 * The send journal in an SQLite state. Every mark is its own committed transaction: in WAL
 * mode it survives a killed process without an fsync.
 */
export function sqliteJournal(db: StateDatabase, guard: Guard): JournalStore {
  const statements = {
    lastRun: db.prepare('SELECT * FROM send_run WHERE issue_id = ? AND destination = ? ORDER BY id DESC LIMIT 1'),
    entry: db.prepare('SELECT * FROM send_recipient WHERE issue_id = ? AND destination = ? AND email_key = ?'),
    byState: db.prepare('SELECT email_key, message_id FROM send_recipient WHERE issue_id = ? AND destination = ? AND state = ?'),
    entries: db.prepare('SELECT * FROM send_recipient WHERE issue_id = ? AND destination = ? AND state = ? ORDER BY email_key LIMIT ?'),
    recover: db.prepare(
      `UPDATE send_recipient SET state = 'unknown', updated_at = ?, reply = coalesce(reply, 'interrupted while sending')
       WHERE issue_id = ? AND destination = ? AND state = 'sending' RETURNING email_key`,
    ),
    insertRun: db.prepare(
      `INSERT INTO send_run (issue_id, destination, mode, issue_hash, list_hash, generation, pid, recipients, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    finishRun: db.prepare('UPDATE send_run SET finished_at = ?, stopped_because = ? WHERE id = ?'),
    resetForResend: db.prepare(
      `UPDATE send_recipient SET state = 'pending', message_id = NULL, reply = NULL, bounced = 0, attempts = 0,
       sent_at = NULL, generation = ?, updated_at = ? WHERE issue_id = ? AND destination = ?`,
    ),
    addPending: db.prepare(
      `INSERT INTO send_recipient (issue_id, destination, email_key, email, lang, state, generation, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    suppressed: db.prepare(`SELECT 1 FROM suppression s WHERE s.email_key = @key AND ${LISTED} LIMIT 1`),
    sending: db.prepare(
      `UPDATE send_recipient SET state = 'sending', message_id = coalesce(message_id, @messageId), attempts = attempts + 1, handed_at = @at, updated_at = @now
       WHERE issue_id = @issueId AND destination = @destination AND email_key = @key RETURNING message_id`,
    ),
    dropSuppressed: db.prepare(`${DROP_SUPPRESSED} AND email_key = @key`),
    dropAllSuppressed: db.prepare(DROP_SUPPRESSED),
    settle: db.prepare(
      `UPDATE send_recipient SET state = ?, reply = ?, bounced = ?, sent_at = ?, updated_at = ?
       WHERE issue_id = ? AND destination = ? AND email_key = ?`,
    ),
    counts: db.prepare(
      `SELECT state, count(*) AS n, sum(bounced) AS bounced FROM send_recipient
       WHERE issue_id = ? AND destination = ? GROUP BY state`,
    ),
    destinations: db.prepare(
      'SELECT destination FROM send_run WHERE issue_id = ? UNION SELECT destination FROM send_recipient WHERE issue_id = ?',
    ),
    handOvers: db.prepare('SELECT handed_at FROM send_recipient WHERE (? IS NULL OR destination = ?) AND handed_at > ? ORDER BY handed_at'),
    countHandOvers: db.prepare('SELECT count(*) AS n FROM send_recipient WHERE (? IS NULL OR destination = ?) AND handed_at > ?'),
    findRecipient: db.prepare('SELECT * FROM send_recipient WHERE issue_id = ? AND email_key = ? ORDER BY updated_at DESC'),
    entriesOf: db.prepare('SELECT * FROM send_recipient WHERE email_key = ? ORDER BY sent_at DESC, updated_at DESC'),
    byMessageId: db.prepare('SELECT * FROM send_recipient WHERE message_id = ? ORDER BY updated_at DESC LIMIT 1'),
    lateOutcomes: db.prepare(
      `SELECT destination, late_outcome, count(*) AS n FROM send_recipient
       WHERE issue_id = ? AND late_outcome IS NOT NULL GROUP BY destination, late_outcome ORDER BY destination`,
    ),
    late: db.prepare(
      `UPDATE send_recipient SET late_outcome = ?, late_status = ?, late_diagnostic = ?, late_at = ?, updated_at = ?,
       bounced = CASE WHEN ? = 'bounced' THEN 1 ELSE bounced END WHERE message_id = ?`,
    ),
  };
  const leases = sqliteLeases(db, guard);

  function summarize(issueId: string, destination: string): JournalSummary {
    const summary = summaryFromCounts(issueId, destination, statements.counts.all(issueId, destination) as never);
    const last = statements.lastRun.get(issueId, destination) as RunRow | undefined;
    if (last) summary.lastRun = toRun(last);
    const running = leases.liveHolder(issueId, destination);
    if (running) summary.running = running;
    if (summary.unknown > 0) summary.unknownReaders = unknownReaders(statements.entries.all(issueId, destination, 'unknown', 100) as RecipientRow[]);
    return summary;
  }

  function job(issueId: string, destination: string, options: { listId?: string } = {}): JobJournal {
    const lastRun = () => {
      const row = statements.lastRun.get(issueId, destination) as RunRow | undefined;
      return row ? toRun(row) : undefined;
    };
    const settle = (key: string, state: RecipientState, reply: string | null, bounced: boolean) =>
      guard(() => {
        const now = iso();
        statements.settle.run(state, reply, bounced ? 1 : 0, state === 'sent' ? now : null, now, issueId, destination, key);
      });
    const addBatch = db.transaction((rows: { key: string; email: string; lang: string }[], generation: number) => {
      const now = iso();
      for (const r of rows) statements.addPending.run(issueId, destination, r.key, r.email, r.lang, generation, now, now);
    });
    // one immediate transaction: the write lock first, so the read cannot go stale before the write
    const claimNow = db.transaction((key: string, ask: ClaimOptions): Claim => {
      const now = iso();
      if (ask.sent) statements.settle.run('sent', ask.sent.reply, 0, now, now, issueId, destination, ask.sent.key);
      const row = statements.entry.get(issueId, destination, key) as RecipientRow | undefined;
      if (!row) return { claimed: false, why: 'missing' };
      if (ask.states && !ask.states.includes(row.state)) return { claimed: false, why: 'state', state: row.state };
      const reader = { issueId, destination, key, listId: options.listId ?? null };
      if (statements.suppressed.get(reader)) {
        // suppressed before their turn: no longer a reader of this send, as if suppressed before the plan
        statements.dropSuppressed.run(reader);
        return { claimed: false, why: 'suppressed' };
      }
      const marked = statements.sending.get({ ...reader, messageId: ask.messageId, at: ask.atMs, now }) as { message_id: string };
      return { claimed: true, messageId: marked.message_id };
    });
    const claim = (key: string, ask: ClaimOptions) => guard(() => claimNow.immediate(key, ask));
    const keysIn = (state: RecipientState) => {
      const keys = new Set<string>();
      for (const row of statements.byState.iterate(issueId, destination, state) as Iterable<{ email_key: string }>) keys.add(row.email_key);
      return keys;
    };

    return {
      issueId,
      destination,
      view: () =>
        guard(() => {
          const unknown = new Map<string, string>();
          for (const row of statements.byState.iterate(issueId, destination, 'unknown') as Iterable<{ email_key: string; message_id: string | null }>) {
            unknown.set(row.email_key, row.message_id ?? '');
          }
          return { sent: keysIn('sent'), unknown };
        }),
      keys: (state) => guard(() => keysIn(state)),
      entry: (key) =>
        guard(() => {
          const row = statements.entry.get(issueId, destination, key) as RecipientRow | undefined;
          return row ? toEntry(row) : undefined;
        }),
      entries: (state, limit = -1) => guard(() => (statements.entries.all(issueId, destination, state, limit) as RecipientRow[]).map(toEntry)),
      lastRun: () => guard(lastRun),
      changedSince: (issueHash, listHash) =>
        guard(() => {
          const last = lastRun();
          const changed: ChangedInput[] = [];
          if (!last) return changed;
          if (last.issueHash !== issueHash) changed.push('issue');
          if (last.listHash !== listHash) changed.push('list');
          return changed;
        }),
      recoverInterrupted: () => guard(() => (statements.recover.all(iso(), issueId, destination) as { email_key: string }[]).map((r) => r.email_key)),
      beginRun: (plan, recipients, pid = process.pid) =>
        guard(() => {
          const begin = db.transaction(() => {
            const last = lastRun();
            let generation = last?.generation ?? 1;
            const now = iso();
            if (plan.mode === 'resend' && last) {
              generation++;
              statements.resetForResend.run(generation, now, issueId, destination);
            }
            statements.dropAllSuppressed.run({ issueId, destination, listId: options.listId ?? null });
            return toRun(statements.insertRun.get(issueId, destination, plan.mode, plan.issueHash, plan.listHash, generation, pid, recipients, now) as RunRow);
          });
          return begin.immediate();
        }),
      finishRun: (runId, stoppedBecause) =>
        guard(() => {
          statements.finishRun.run(iso(), stoppedBecause ?? null, runId);
        }),
      addPending: (recipients) =>
        guard(() => {
          const generation = lastRun()?.generation ?? 1;
          let batch: { key: string; email: string; lang: string }[] = [];
          for (const r of recipients) {
            batch.push(r);
            if (batch.length === 5000) {
              addBatch(batch, generation);
              batch = [];
            }
          }
          if (batch.length > 0) addBatch(batch, generation);
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
      guard(() => {
        if (destination !== undefined) return [summarize(issueId, destination)];
        const found = statements.destinations.all(issueId, issueId) as { destination: string }[];
        return found.map((row) => summarize(issueId, row.destination));
      }),
    findRecipient: (issueId, email) =>
      guard(() => (statements.findRecipient.all(issueId, suppressionKey(email)) as RecipientRow[]).map(toEntry)),
    entriesOf: (email) => guard(() => (statements.entriesOf.all(suppressionKey(email)) as RecipientRow[]).map(toEntry)),
    findByMessageId: (messageId) =>
      guard(() => {
        const row = statements.byMessageId.get(bracketed(messageId)) as RecipientRow | undefined;
        return row ? toEntry(row) : undefined;
      }),
    recordLateOutcome: (messageId, late) =>
      guard(() => {
        const at = late.at ?? iso();
        const result = statements.late.run(late.outcome, late.status ?? null, late.diagnostic ?? null, at, iso(), late.outcome, bracketed(messageId));
        return result.changes > 0;
      }),
    recentHandOvers: (destination, sinceMs) =>
      guard(() => (statements.handOvers.all(destination ?? null, destination ?? null, sinceMs) as { handed_at: number }[]).map((r) => r.handed_at)),
    countHandOvers: (sinceMs, destination) =>
      guard(() => (statements.countHandOvers.get(destination ?? null, destination ?? null, sinceMs) as { n: number }).n),
    recipientsIn: (issueId, destination, states, options = {}) => {
      // one statement per number of states: `state IN (?, ?)` has a placeholder per state
      const page = db.prepare(
        `SELECT * FROM send_recipient WHERE issue_id = ? AND destination = ? AND email_key > ? AND state IN (${states.map(() => '?').join(', ')})
         ORDER BY email_key LIMIT ?`,
      );
      return pagedEntries(async (after, size) => guard(() => page.all(issueId, destination, after, ...states, size) as RecipientRow[]), options.batchSize);
    },
    lateOutcomes: (issueId) =>
      guard(() => lateCounts(statements.lateOutcomes.all(issueId) as { destination: string; late_outcome: LateOutcome; n: number }[])),
    acquireLease: leases.acquire,
    leaseHolder: leases.holder,
    breakLease: leases.breakLease,
    leases: leases.all,
  };
}

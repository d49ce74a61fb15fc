import type { StateDatabase } from '../state/database.js';
import { acquireSendLock, lockHolder, type LockHolder, type LockOptions, type SendLock } from './lock.js';
import type { JournalView } from './plan.js';
import type { DeliveryPlan } from './types.js';
import { iso, toEntry, toRun, type RecipientRow, type RunRow } from './journal-rows.js';

/** One recipient's state for one (issue, destination). */
export type RecipientState = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';

export interface JournalEntry {
  key: string;
  email: string;
  lang: string;
  state: RecipientState;
  messageId?: string;
  reply?: string;
  bounced: boolean;
  attempts: number;
  updatedAt: string;
  sentAt?: string;
}

/** One start of `send` for an (issue, destination), with the content hashes it was started with. */
export interface RunRecord {
  id: number;
  issueId: string;
  destination: string;
  mode: DeliveryPlan['mode'];
  issueHash: string;
  listHash: string;
  generation: number;
  pid: number;
  recipients: number;
  startedAt: string;
  finishedAt?: string;
  stoppedBecause?: string;
}

/** What `newsletter status` shows for one destination of an issue. */
export interface JournalSummary {
  issueId: string;
  destination: string;
  /** Rows in the journal: everyone a run has planned so far. */
  recipients: number;
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  bounced: number;
  unknown: number;
  lastRun?: RunRecord;
  /** Set while a sender holds the lock. */
  running?: LockHolder;
  /** The first readers (up to 100) whose outcome is unknown, with the Message-ID to look up in the server's log. */
  unknownReaders?: { email: string; messageId?: string; reply?: string }[];
}

/** Which of the two remembered inputs differ from the last run's. */
export type ChangedInput = 'issue' | 'list';

/** The journal of one (issue, destination): what the plan reads and what deliverIssue writes. */
export interface JobJournal {
  readonly issueId: string;
  readonly destination: string;
  /** Sent keys and unknown outcomes with their Message-ID, as `planDelivery` wants them. */
  view(): JournalView;
  /** Keys in one state. */
  keys(state: RecipientState): Set<string>;
  entry(key: string): JournalEntry | undefined;
  /** Rows in one state, in address order, at most `limit` (default all). */
  entries(state: RecipientState, limit?: number): JournalEntry[];
  lastRun(): RunRecord | undefined;
  /** `['issue']`, `['list']`, both, or none: compared with the last run's hashes (none without a last run). */
  changedSince(issueHash: string, listHash: string): ChangedInput[];
  /**
   * Rows a dead run left in *sending* become *unknown* (the server may have taken them);
   * returns their keys. Only call while holding the lock, or a live run's rows go wrong.
   */
  recoverInterrupted(): string[];
  /** Records a run; `resend` starts a new generation in which every row is pending again. */
  beginRun(plan: Pick<DeliveryPlan, 'mode' | 'issueHash' | 'listHash'>, recipients: number, pid?: number): RunRecord;
  finishRun(runId: number, stoppedBecause?: string): void;
  /** Adds a pending row for each recipient the journal does not know yet. */
  addPending(recipients: Iterable<{ key: string; email: string; lang: string }>): void;
  /** Committed before the hand-over: from here on a crash means "unknown". */
  markSending(key: string, messageId: string, atMs: number): void;
  markSent(key: string, reply: string): void;
  markFailed(key: string, reply: string, bounced: boolean): void;
  markUnknown(key: string, reason: string): void;
  /** Back to pending (deferred, or never handed over), keeping the Message-ID for the next try. */
  markPending(key: string, reply?: string): void;
  summary(): JournalSummary;
}

/** The send journal in the state database (see migrations: send_run, send_recipient, send_lock). */
export interface Journal {
  readonly db: StateDatabase;
  job(issueId: string, destination: string): JobJournal;
  /** One summary per destination the issue was sent to, or the one asked for. Safe while a send runs. */
  status(issueId: string, destination?: string): JournalSummary[];
  /** Hand-over times (ms) to a destination since `sinceMs`, oldest first: the pace across a resume. */
  recentHandOvers(destination: string, sinceMs: number): number[];
  /** Takes the sender lock of (issue, destination), see `acquireSendLock`. */
  lock(issueId: string, destination: string, options?: LockOptions): SendLock;
  /** True when this Journal object holds that lock right now. */
  holdsLock(issueId: string, destination: string): boolean;
}

/**
 * Opens the journal on a state database (see `openStateDatabase`). Every mark is its own
 * committed transaction: in WAL mode it survives a killed process without an fsync.
 */
export function openJournal(db: StateDatabase): Journal {
  const held = new Map<string, SendLock>();
  const lockKey = (issueId: string, destination: string) => `${issueId}\u0000${destination}`;

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
    sending: db.prepare(
      `UPDATE send_recipient SET state = 'sending', message_id = ?, attempts = attempts + 1, handed_at = ?, updated_at = ?
       WHERE issue_id = ? AND destination = ? AND email_key = ?`,
    ),
    settle: db.prepare(
      `UPDATE send_recipient SET state = ?, reply = ?, bounced = ?, sent_at = ?, updated_at = ?
       WHERE issue_id = ? AND destination = ? AND email_key = ?`,
    ),
    counts: db.prepare(
      `SELECT state, count(*) AS n, sum(bounced) AS bounced FROM send_recipient
       WHERE issue_id = ? AND destination = ? GROUP BY state`,
    ),
    destinations: db.prepare(
      `SELECT destination FROM send_run WHERE issue_id = ? UNION SELECT destination FROM send_recipient WHERE issue_id = ?`,
    ),
    handOvers: db.prepare(
      'SELECT handed_at FROM send_recipient WHERE destination = ? AND handed_at > ? ORDER BY handed_at',
    ),
  };

  function job(issueId: string, destination: string): JobJournal {
    const lastRun = () => {
      const row = statements.lastRun.get(issueId, destination) as RunRow | undefined;
      return row ? toRun(row) : undefined;
    };
    const settle = (key: string, state: RecipientState, reply: string | null, bounced: boolean) => {
      const now = iso();
      statements.settle.run(state, reply, bounced ? 1 : 0, state === 'sent' ? now : null, now, issueId, destination, key);
    };
    const addPending = db.transaction((rows: { key: string; email: string; lang: string }[], generation: number) => {
      const now = iso();
      for (const r of rows) statements.addPending.run(issueId, destination, r.key, r.email, r.lang, generation, now, now);
    });

    return {
      issueId,
      destination,
      view() {
        const sent = new Set<string>();
        for (const row of statements.byState.iterate(issueId, destination, 'sent') as Iterable<{ email_key: string }>) sent.add(row.email_key);
        const unknown = new Map<string, string>();
        for (const row of statements.byState.iterate(issueId, destination, 'unknown') as Iterable<{ email_key: string; message_id: string | null }>) {
          unknown.set(row.email_key, row.message_id ?? '');
        }
        return { sent, unknown };
      },
      keys(state) {
        const keys = new Set<string>();
        for (const row of statements.byState.iterate(issueId, destination, state) as Iterable<{ email_key: string }>) keys.add(row.email_key);
        return keys;
      },
      entry(key) {
        const row = statements.entry.get(issueId, destination, key) as RecipientRow | undefined;
        return row ? toEntry(row) : undefined;
      },
      entries(state, limit = -1) {
        return (statements.entries.all(issueId, destination, state, limit) as RecipientRow[]).map(toEntry);
      },
      lastRun,
      changedSince(issueHash, listHash) {
        const last = lastRun();
        if (!last) return [];
        const changed: ChangedInput[] = [];
        if (last.issueHash !== issueHash) changed.push('issue');
        if (last.listHash !== listHash) changed.push('list');
        return changed;
      },
      recoverInterrupted() {
        return (statements.recover.all(iso(), issueId, destination) as { email_key: string }[]).map((r) => r.email_key);
      },
      beginRun(plan, recipients, pid = process.pid) {
        const begin = db.transaction(() => {
          const last = lastRun();
          let generation = last?.generation ?? 1;
          const now = iso();
          if (plan.mode === 'resend' && last) {
            generation++;
            statements.resetForResend.run(generation, now, issueId, destination);
          }
          const row = statements.insertRun.get(issueId, destination, plan.mode, plan.issueHash, plan.listHash, generation, pid, recipients, now) as RunRow;
          return toRun(row);
        });
        return begin.immediate();
      },
      finishRun(runId, stoppedBecause) {
        statements.finishRun.run(iso(), stoppedBecause ?? null, runId);
      },
      addPending(recipients) {
        const generation = lastRun()?.generation ?? 1;
        let batch: { key: string; email: string; lang: string }[] = [];
        for (const r of recipients) {
          batch.push(r);
          if (batch.length === 5000) {
            addPending(batch, generation);
            batch = [];
          }
        }
        if (batch.length > 0) addPending(batch, generation);
      },
      markSending(key, messageId, atMs) {
        statements.sending.run(messageId, atMs, iso(), issueId, destination, key);
      },
      markSent: (key, reply) => settle(key, 'sent', reply, false),
      markFailed: (key, reply, bounced) => settle(key, 'failed', reply, bounced),
      markUnknown: (key, reason) => settle(key, 'unknown', reason, false),
      markPending: (key, reply) => settle(key, 'pending', reply ?? null, false),
      summary: () => summarize(issueId, destination),
    };
  }

  function summarize(issueId: string, destination: string): JournalSummary {
    const summary: JournalSummary = { issueId, destination, recipients: 0, pending: 0, sending: 0, sent: 0, failed: 0, bounced: 0, unknown: 0 };
    for (const row of statements.counts.all(issueId, destination) as { state: RecipientState; n: number; bounced: number }[]) {
      summary[row.state] = row.n;
      summary.recipients += row.n;
      summary.bounced += row.bounced;
    }
    const last = statements.lastRun.get(issueId, destination) as RunRow | undefined;
    if (last) summary.lastRun = toRun(last);
    const running = lockHolder(db, issueId, destination);
    if (running) summary.running = running;
    if (summary.unknown > 0) {
      const rows = statements.entries.all(issueId, destination, 'unknown', 100) as RecipientRow[];
      summary.unknownReaders = rows.map((row) => ({
        email: row.email,
        ...(row.message_id ? { messageId: row.message_id } : {}),
        ...(row.reply ? { reply: row.reply } : {}),
      }));
    }
    return summary;
  }

  return {
    db,
    job,
    status(issueId, destination) {
      if (destination !== undefined) return [summarize(issueId, destination)];
      const found = statements.destinations.all(issueId, issueId) as { destination: string }[];
      return found.map((row) => summarize(issueId, row.destination));
    },
    recentHandOvers(destination, sinceMs) {
      return (statements.handOvers.all(destination, sinceMs) as { handed_at: number }[]).map((r) => r.handed_at);
    },
    lock(issueId, destination, options) {
      const lock = acquireSendLock(db, issueId, destination, options);
      const key = lockKey(issueId, destination);
      held.set(key, lock);
      return {
        issueId,
        destination,
        ...(lock.tookOverFrom ? { tookOverFrom: lock.tookOverFrom } : {}),
        release() {
          lock.release();
          if (held.get(key) === lock) held.delete(key);
        },
      };
    },
    holdsLock(issueId, destination) {
      return held.has(lockKey(issueId, destination));
    },
  };
}

import type { JournalEntry, RecipientState, RunRecord } from './journal.js';
import type { DeliveryPlan } from './types.js';

/** The send_recipient and send_run rows as SQLite returns them, and how they become the public shapes. */
export interface RecipientRow {
  email_key: string;
  email: string;
  lang: string;
  state: RecipientState;
  message_id: string | null;
  reply: string | null;
  bounced: number;
  attempts: number;
  updated_at: string;
  sent_at: string | null;
}

export interface RunRow {
  id: number;
  issue_id: string;
  destination: string;
  mode: DeliveryPlan['mode'];
  issue_hash: string;
  list_hash: string;
  generation: number;
  pid: number;
  recipients: number;
  started_at: string;
  finished_at: string | null;
  stopped_because: string | null;
}

/** Now, as the journal writes timestamps. */
export const iso = () => new Date().toISOString();

export function toEntry(row: RecipientRow): JournalEntry {
  return {
    key: row.email_key,
    email: row.email,
    lang: row.lang,
    state: row.state,
    ...(row.message_id ? { messageId: row.message_id } : {}),
    ...(row.reply ? { reply: row.reply } : {}),
    bounced: row.bounced === 1,
    attempts: row.attempts,
    updatedAt: row.updated_at,
    ...(row.sent_at ? { sentAt: row.sent_at } : {}),
  };
}

export function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    issueId: row.issue_id,
    destination: row.destination,
    mode: row.mode,
    issueHash: row.issue_hash,
    listHash: row.list_hash,
    generation: row.generation,
    pid: row.pid,
    recipients: row.recipients,
    startedAt: row.started_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.stopped_because ? { stoppedBecause: row.stopped_because } : {}),
  };
}

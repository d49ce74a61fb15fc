import type { JournalEntry, JournalSummary, LateOutcome, LateOutcomeCounts, RecipientState, RunRecord } from './types.js';

/** The send_recipient and send_run rows as both backends return them, and how they become the public shapes. */
export interface RecipientRow {
  issue_id: string;
  destination: string;
  email_key: string;
  email: string;
  lang: string;
  state: RecipientState;
  message_id: string | null;
  reply: string | null;
  bounced: number | boolean;
  attempts: number;
  updated_at: string;
  sent_at: string | null;
  handed_at: number | string | null;
  late_outcome: LateOutcome | null;
  late_status: string | null;
  late_diagnostic: string | null;
  late_at: string | null;
}

export interface RunRow {
  id: number | string;
  issue_id: string;
  destination: string;
  mode: RunRecord['mode'];
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
    issueId: row.issue_id,
    destination: row.destination,
    key: row.email_key,
    email: row.email,
    lang: row.lang,
    state: row.state,
    ...(row.message_id ? { messageId: row.message_id } : {}),
    ...(row.reply ? { reply: row.reply } : {}),
    bounced: row.bounced === 1 || row.bounced === true,
    attempts: Number(row.attempts),
    updatedAt: row.updated_at,
    ...(row.sent_at ? { sentAt: row.sent_at } : {}),
    ...(row.handed_at !== null && row.handed_at !== undefined ? { handedAt: Number(row.handed_at) } : {}),
    ...(row.late_outcome
      ? {
          late: {
            outcome: row.late_outcome,
            ...(row.late_status ? { status: row.late_status } : {}),
            ...(row.late_diagnostic ? { diagnostic: row.late_diagnostic } : {}),
            at: row.late_at ?? '',
          },
        }
      : {}),
  };
}

export function toRun(row: RunRow): RunRecord {
  return {
    id: Number(row.id),
    issueId: row.issue_id,
    destination: row.destination,
    mode: row.mode,
    issueHash: row.issue_hash,
    listHash: row.list_hash,
    generation: Number(row.generation),
    pid: Number(row.pid),
    recipients: Number(row.recipients),
    startedAt: row.started_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.stopped_because ? { stoppedBecause: row.stopped_because } : {}),
  };
}

/** An empty summary, filled from the per-state counts. */
export function summaryFromCounts(
  issueId: string,
  destination: string,
  counts: Iterable<{ state: RecipientState; n: number | string; bounced: number | string | null }>,
): JournalSummary {
  const summary: JournalSummary = { issueId, destination, recipients: 0, pending: 0, sending: 0, sent: 0, failed: 0, bounced: 0, unknown: 0 };
  for (const row of counts) {
    summary[row.state] = Number(row.n);
    summary.recipients += Number(row.n);
    summary.bounced += Number(row.bounced ?? 0);
  }
  return summary;
}

/** The unknown readers `status` lists, from their rows. */
export function unknownReaders(rows: RecipientRow[]): NonNullable<JournalSummary['unknownReaders']> {
  return rows.map((row) => ({
    email: row.email,
    ...(row.message_id ? { messageId: row.message_id } : {}),
    ...(row.reply ? { reply: row.reply } : {}),
  }));
}

/** `<abc@example.org>` and `abc@example.org` name the same message. */
export function bracketed(messageId: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
}

/** Rows read per query when a listing pages through the journal. */
export const PAGE_SIZE = 1000;

/**
 * Pages through rows by their address (keyset: `email_key > the last one`), one page in
 * memory at a time; `page(after, size)` reads the next rows in address order.
 */
export async function* pagedEntries(page: (after: string, size: number) => Promise<RecipientRow[]>, size = PAGE_SIZE): AsyncGenerator<JournalEntry> {
  let after = '';
  for (;;) {
    const found = await page(after, size);
    for (const row of found) yield toEntry(row);
    if (found.length < size) return;
    after = found[found.length - 1].email_key;
  }
}

/** `(destination, outcome, n)` rows → one count record per destination, every outcome present. */
export function lateCounts(found: Iterable<{ destination: string; late_outcome: LateOutcome; n: number | string }>): LateOutcomeCounts[] {
  const byDestination = new Map<string, LateOutcomeCounts>();
  for (const row of found) {
    let one = byDestination.get(row.destination);
    if (!one) byDestination.set(row.destination, (one = { destination: row.destination, counts: { bounced: 0, soft_bounced: 0, complained: 0, delayed: 0 } }));
    one.counts[row.late_outcome] = Number(row.n);
  }
  return [...byDestination.values()];
}

import type pg from 'pg';
import { iso } from '../journal-rows.js';
import type { Claim, ClaimOptions, RecipientState } from '../types.js';
import { JOB_KEY, LISTED } from './job-sql.js';
import type { PgGuard } from './pg-guard.js';

/** Claims sent together at most; more waiting go in the next statement. */
const MOST = 16;
/** Parameters per claim: key, Message-ID, hand-over time, accepted states (NULL: any), previous key and its reply (NULL: none). */
const PER_CLAIM = 6;

/**
 * `JobJournal.claim` of `n` workers in one statement: for each, its previous message's
 * outcome, the row's state, the suppression check and the *sending* mark (or the drop of a
 * suppressed reader's pending row). One round trip and one commit for all; each mark is
 * still committed before its own hand-over. The sub-statements see one snapshot: `found`
 * is a row as it was before this statement. Every row is reached by its whole primary key,
 * so the plan PostgreSQL keeps for the prepared statement never scans the journal, whatever
 * it knows of the table. $1 issue, $2 destination, $3 list, $4 now, then PER_CLAIM each.
 */
function claimsSql(n: number): string {
  const key = `${JOB_KEY} AND email_key`;
  const blocks: string[] = [];
  const answers: string[] = [];
  for (let i = 0; i < n; i++) {
    const [reader, messageId, at, states, sentKey, sentReply] = Array.from({ length: PER_CLAIM }, (_, k) => `$${5 + i * PER_CLAIM + k}`);
    const accepted = `(${states}::text[] IS NULL OR state = ANY (${states}::text[]))`;
    blocks.push(`settled${i} AS (UPDATE send_recipient SET state = 'sent', reply = ${sentReply}::text, bounced = 0, sent_at = $4, updated_at = $4
      WHERE ${key} = ${sentKey}::text RETURNING 1),
    found${i} AS (SELECT state FROM send_recipient WHERE ${key} = ${reader}::text),
    listed${i} AS (SELECT EXISTS (SELECT 1 FROM suppression s WHERE s.email_key = ${reader}::text AND ${LISTED}) AS suppressed),
    claimed${i} AS (UPDATE send_recipient SET state = 'sending', message_id = coalesce(message_id, ${messageId}::text), attempts = attempts + 1, handed_at = ${at}::bigint, updated_at = $4
      WHERE ${key} = ${reader}::text AND ${accepted} AND NOT (SELECT suppressed FROM listed${i}) RETURNING message_id),
    dropped${i} AS (DELETE FROM send_recipient WHERE ${key} = ${reader}::text AND state = 'pending' AND ${accepted} AND (SELECT suppressed FROM listed${i}) RETURNING 1)`);
    answers.push(`SELECT ${i} AS n, (SELECT state FROM found${i}) AS state, (SELECT suppressed FROM listed${i}) AS suppressed, (SELECT message_id FROM claimed${i}) AS message_id`);
  }
  return `WITH ${blocks.join(',\n    ')}\n  ${answers.join('\n  UNION ALL ')}`;
}

interface ClaimRow {
  n: number;
  state: RecipientState | null;
  suppressed: boolean;
  message_id: string | null;
}

/** The claim's answer from its row, in the order of SQLite's checks: the row, its state, the suppression list. */
function claimOf(row: ClaimRow | undefined, states: readonly RecipientState[] | undefined): Claim {
  if (row?.message_id) return { claimed: true, messageId: row.message_id };
  if (!row || row.state === null) return { claimed: false, why: 'missing' };
  if (states && !states.includes(row.state)) return { claimed: false, why: 'state', state: row.state };
  return { claimed: false, why: 'suppressed' };
}

interface Waiting {
  key: string;
  ask: ClaimOptions;
  resolve(claim: Claim): void;
  reject(error: unknown): void;
}

/**
 * The claims of one job. One statement is in flight at a time; claims that arrive meanwhile,
 * or in the same turn of the event loop, go together in the next one (a group commit: the
 * workers of a send wait on the database at the same moments). A failing statement rejects every claim in it: none was written.
 */
export function pgClaims(pool: pg.Pool, guard: PgGuard, job: { issueId: string; destination: string; listId?: string }): (key: string, ask: ClaimOptions) => Promise<Claim> {
  let queue: Waiting[] = [];
  let running = false;

  /** The waiting claims that touch distinct rows (a row written twice in one statement would keep only one write). */
  const takeBatch = (): Waiting[] => {
    const rows = new Set<string>();
    const batch: Waiting[] = [];
    const later: Waiting[] = [];
    for (const waiting of queue) {
      if (batch.length === MOST) {
        later.push(waiting);
        continue;
      }
      const touches = [waiting.key, ...(waiting.ask.sent ? [waiting.ask.sent.key] : [])];
      if (touches.some((key) => rows.has(key))) {
        later.push(waiting);
        continue;
      }
      for (const key of touches) rows.add(key);
      batch.push(waiting);
    }
    queue = later;
    return batch;
  };

  const statements = new Map<number, string>();
  const send = (batch: Waiting[]) =>
    guard(async () => {
      const values: unknown[] = [job.issueId, job.destination, job.listId ?? null, iso()];
      for (const { key, ask } of batch) values.push(key, ask.messageId, ask.atMs, ask.states ?? null, ask.sent?.key ?? null, ask.sent?.reply ?? null);
      let text = statements.get(batch.length);
      if (!text) statements.set(batch.length, (text = claimsSql(batch.length)));
      return (await pool.query<ClaimRow>({ name: `newsletter-claims-${batch.length}`, text, values })).rows;
    });

  const run = async () => {
    while (queue.length > 0) {
      const batch = takeBatch();
      try {
        const found = new Map((await send(batch)).map((row) => [Number(row.n), row]));
        batch.forEach((waiting, n) => waiting.resolve(claimOf(found.get(n), waiting.ask.states)));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    running = false;
  };

  return (key, ask) =>
    new Promise<Claim>((resolve, reject) => {
      queue.push({ key, ask, resolve, reject });
      if (running) return;
      running = true;
      // after this turn of the event loop: workers whose server replied in the same turn join in
      setImmediate(() => void run());
    });
}

/**
 * The plan of one send kept in the state, not in memory: one row per distinct valid reader
 * of the list, filled batch by batch while the list streams, decided by SQL against the
 * suppression list and the journal, and read back page by page in line order. Its rows hold
 * personal data (address, name, the list's columns): the run that made a plan removes it
 * when it ends; a plan left by a killed run is removed by the next send of that issue.
 */

/** What the plan decided for one reader. `send`: mailed in this run; `unknown`/`pending`: held back. */
export type PlanDecision = 'send' | 'unsubscribed' | 'bounced' | 'other_language' | 'already_sent' | 'unknown' | 'pending';

export const PLAN_DECISIONS: readonly PlanDecision[] = ['send', 'unsubscribed', 'bounced', 'other_language', 'already_sent', 'unknown', 'pending'];

/** Who made a plan: a real send (removed by the next send when left over), a dry run, or `subscribers check`. */
export type PlanKind = 'send' | 'dry-run' | 'check';

/** One distinct reader as a plan keeps it. */
export interface PlanRowInput {
  /** File line of the row (header = line 1): the plan's order. */
  line: number;
  /** Lower-cased address: one row per key in a plan. */
  key: string;
  email: string;
  /** The issue language this reader gets. */
  lang: string;
  /** The rest of the reader the mail needs (name, salutation, the list's columns), as JSON. */
  data: string;
}

export interface PlanRow extends PlanRowInput {
  /** Undefined until `decide`. */
  decision?: PlanDecision;
  /** For a reader whose outcome is unknown: the Message-ID the journal gave them. */
  messageId?: string;
}

/** A row that was not added because the plan has its address already. */
export interface PlanDuplicate {
  line: number;
  key: string;
  /** The line that holds the address in the plan. */
  firstLine: number;
}

/** How `decide` judges the rows (the precedence is planDelivery's: suppression, then `--lang`, then the journal). */
export interface PlanDecisionInput {
  mode: 'send' | 'resend' | 'resend-unknown';
  /** Whose per-list suppressions count besides the global ones; absent: every entry. */
  listId?: string;
  /** `--lang`: readers of another language are `other_language`. */
  lang?: string;
}

/** Rows per decision, and among `send` per language. */
export interface PlanCounts {
  decisions: Record<PlanDecision, number>;
  languages: Record<string, number>;
}

/** One plan of one (issue, destination) in the state. */
export interface PlanTable {
  readonly id: number;
  readonly issueId: string;
  readonly destination: string;
  /**
   * Adds one batch of rows whose keys are distinct within the batch; returns the rows whose
   * address the plan holds already (from an earlier batch), which are not added.
   */
  add(rows: readonly PlanRowInput[]): Promise<PlanDuplicate[]>;
  /** Decides every row against the suppression list and the journal as they are now; call again to refresh. */
  decide(input: PlanDecisionInput): Promise<void>;
  counts(): Promise<PlanCounts>;
  /** Rows of one decision (and language) in line order after `afterLine`, at most `limit`: the cursor a delivery walks. */
  rows(filter: { decision: PlanDecision; lang?: string }, afterLine: number, limit: number): Promise<PlanRow[]>;
  /** Adds a pending journal row for every `send` row the journal of (issue, destination) does not know yet. */
  addToJournal(): Promise<void>;
  /** Removes the plan and its rows. Harmless twice. */
  drop(): Promise<void>;
}

/** The plans in a state. */
export interface PlanStore {
  /** A new, empty plan. */
  create(issueId: string, destination: string, kind: PlanKind): Promise<PlanTable>;
  /**
   * Removes plans that runs left behind when they were killed: every `send` plan of this
   * (issue, destination) (call it while holding its lease, before making a new one), and
   * any plan older than `olderThanMs` (default a day). Returns how many plans went.
   */
  removeLeftOver(issueId: string, destination: string, olderThanMs?: number): Promise<number>;
  /** Rows held by all plans (`state info`, tests). */
  rowCount(): Promise<number>;
}

/**
 * The state every part of newsletter shares — the suppression list, the send journal and
 * the send lease — behind one interface with two implementations: SQLite (a file in the
 * state folder, the default) and PostgreSQL (one database every machine reaches).
 *
 * Every method is async (PostgreSQL answers over a socket) and every write is committed
 * when its promise resolves. Errors the user can fix (a read-only file, a full disk, a
 * refused connection) reject with a `StateError`; see ./state-error.ts.
 */

import type { PlanStore } from './plan-types.js';

/**
 * Why an address gets no more mail. `unsubscribed`, `bounced`, `complained` and `manual` are
 * the kinds; `one-click`, `confirm-page` and `by-hand` are the older, more precise names of
 * an unsubscribe (kept: existing states hold them). `suppressionKind` maps any to its kind.
 */
export type SuppressionReason = 'unsubscribed' | 'bounced' | 'complained' | 'manual' | 'one-click' | 'confirm-page' | 'by-hand';

export const SUPPRESSION_REASONS: readonly SuppressionReason[] = ['unsubscribed', 'bounced', 'complained', 'manual', 'one-click', 'confirm-page', 'by-hand'];

/** The four kinds a reason belongs to. */
export type SuppressionKind = 'unsubscribed' | 'bounced' | 'complained' | 'manual';

/** `one-click` → `unsubscribed`, `by-hand` → `manual`, the kinds stay themselves. */
export function suppressionKind(reason: SuppressionReason): SuppressionKind {
  if (reason === 'one-click' || reason === 'confirm-page') return 'unsubscribed';
  if (reason === 'by-hand') return 'manual';
  return reason;
}

/** Where a suppression came from: the endpoint, the CLI, bounce processing, a mailto unsubscribe, an import… */
export type SuppressionSource = 'endpoint' | 'cli' | 'bounce' | 'mailto' | 'send' | 'import' | 'migrate' | (string & {});

export interface SuppressionEntry {
  /** The address as first recorded. */
  email: string;
  /** Lower-cased, domain in punycode: what the list compares. */
  key: string;
  reason: SuppressionReason;
  /** The list it applies to (`list_id` of the config); absent = every list (global). */
  listId?: string;
  /** The issue whose link, bounce or complaint caused it. */
  issueId?: string;
  /** E.g. the server's reply or the bounce's status and diagnostic. */
  detail?: string;
  source?: SuppressionSource;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/** What `SuppressionStore.add` records. */
export interface NewSuppression {
  email: string;
  reason: SuppressionReason;
  /** Absent: the address gets no mail from any list (bounces usually). */
  listId?: string;
  issueId?: string;
  detail?: string;
  source?: SuppressionSource;
  /** Defaults to now; `state import`/`migrate` keep the original time. */
  createdAt?: string;
}

/** What `SuppressionStore.merge` did (or, in a dry run, would do). */
export interface SuppressionMerge {
  added: SuppressionEntry[];
  covered: { entry: NewSuppression; kept: SuppressionEntry }[];
}

/**
 * Everyone who must not get mail again; always wins over a CSV that still lists them.
 * Entries are global (no `listId`) or per list; one entry per (address, list).
 */
export interface SuppressionStore {
  /**
   * Records an address, e.g. `add({email, reason: 'bounced', issueId, detail: '5.1.1 …', source: 'bounce'})`.
   * An address already suppressed for that list (or globally) keeps its first entry: `added: false`.
   */
  add(entry: NewSuppression): Promise<{ added: boolean; entry: SuppressionEntry }>;
  /**
   * `add` for many entries in one transaction (`state import`): all or none are written.
   * `covered`: entries the list held already (for that list or globally), with the entry
   * that stays. `dryRun` rolls the transaction back: what would happen.
   */
  merge(entries: readonly NewSuppression[], options?: { dryRun?: boolean }): Promise<SuppressionMerge>;
  /** The entry that stops mail to `email` on `listId` (a global one first); without `listId` any entry. */
  get(email: string, listId?: string): Promise<SuppressionEntry | undefined>;
  /** Takes an address off the list (only the entry of `listId` when given); how many entries went. */
  remove(email: string, listId?: string): Promise<number>;
  /** Every entry, oldest first. */
  list(): Promise<SuppressionEntry[]>;
  /** Entries by kind. */
  counts(): Promise<Record<SuppressionKind, number>>;
  /**
   * Key → reason of every entry that applies to a send of `listId`: global entries and that
   * list's. Without `listId`, every entry (today's planner: all entries count).
   */
  keys(listId?: string): Promise<Map<string, SuppressionReason>>;
  /**
   * Entries recorded after `watermark` (an opaque cursor; start with `undefined`), for a send
   * that honours unsubscribes until its last message. Cheap: reads only the new rows.
   */
  since(watermark: string | undefined, listId?: string): Promise<{ keys: Map<string, SuppressionReason>; watermark: string }>;
  /**
   * The reason of each of `keys` that is suppressed for `listId` (a global entry's reason
   * first); keys not on the list are absent. One query per call: for a batch of a streamed list.
   */
  lookup(keys: readonly string[], listId?: string): Promise<Map<string, SuppressionReason>>;
}

/** One recipient's state for one (issue, destination). */
export type RecipientState = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';

/** What happened to a message after the hand-over: a bounce, a complaint, a delay notice. */
export type LateOutcome = 'bounced' | 'soft_bounced' | 'complained' | 'delayed';

export interface JournalEntry {
  issueId: string;
  destination: string;
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
  /** ms since the epoch of the last hand-over to the server. */
  handedAt?: number;
  /** Set by bounce processing: what the reader's server said later. */
  late?: { outcome: LateOutcome; status?: string; diagnostic?: string; at: string };
}

/** One start of `send` for an (issue, destination), with the content hashes it was started with. */
export interface RunRecord {
  id: number;
  issueId: string;
  destination: string;
  mode: 'send' | 'resend' | 'resend-unknown';
  issueHash: string;
  listHash: string;
  generation: number;
  pid: number;
  recipients: number;
  startedAt: string;
  finishedAt?: string;
  stoppedBecause?: string;
}

/** Who holds the send lease of one (issue, destination). */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** Unique per process start (not the PID): two senders never share it. */
  owner?: string;
  /** ISO time of the last renewal. */
  heartbeat?: string;
  /** ISO time after which the lease may be taken over without asking. */
  expires?: string;
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
  /** Set while a sender holds the lease. */
  running?: LockHolder;
  /** The first readers (up to 100) whose outcome is unknown, with the Message-ID to look up in the server's log. */
  unknownReaders?: { email: string; messageId?: string; reply?: string }[];
}

/** Which of the two remembered inputs differ from the last run's. */
export type ChangedInput = 'issue' | 'list';

/** What the plan reads of the journal: sent keys, and unknown outcomes with their Message-ID. */
export interface JournalView {
  sent: ReadonlySet<string>;
  unknown: ReadonlyMap<string, string>;
}

/** The journal of one (issue, destination): what the plan reads and what the delivery writes. */
export interface JobJournal {
  readonly issueId: string;
  readonly destination: string;
  view(): Promise<JournalView>;
  keys(state: RecipientState): Promise<Set<string>>;
  entry(key: string): Promise<JournalEntry | undefined>;
  /** Rows in one state, in address order, at most `limit` (default all). */
  entries(state: RecipientState, limit?: number): Promise<JournalEntry[]>;
  lastRun(): Promise<RunRecord | undefined>;
  /** `['issue']`, `['list']`, both, or none: compared with the last run's hashes (none without a last run). */
  changedSince(issueHash: string, listHash: string): Promise<ChangedInput[]>;
  /**
   * Rows a dead run left in *sending* become *unknown* (the server may have taken them);
   * returns their keys. Only while holding the lease, or a live run's rows go wrong.
   */
  recoverInterrupted(): Promise<string[]>;
  /**
   * Records a run; `resend` starts a new generation in which every row is pending again.
   * Pending rows of readers suppressed since are dropped (they are not this send's any more).
   */
  beginRun(plan: { mode: RunRecord['mode']; issueHash: string; listHash: string }, recipients: number, pid?: number): Promise<RunRecord>;
  finishRun(runId: number, stoppedBecause?: string): Promise<void>;
  /** Adds a pending row for each recipient the journal does not know yet. */
  addPending(recipients: Iterable<{ key: string; email: string; lang: string }>): Promise<void>;
  /**
   * Committed before the hand-over: from here on a crash means "unknown". `atMs` is the
   * hand-over time. Resolves false when the reader is on the suppression list by now — the
   * check is part of the same statement, so an unsubscribe committed before it is always
   * honoured — and then drops a *pending* row: the reader is no longer one of this send's,
   * as if suppressed before the plan (an *unknown* row stays: that mail may have gone out).
   */
  markSending(key: string, messageId: string, atMs: number): Promise<boolean>;
  /**
   * `markSending` with the delivery's checks in the same transaction, so that a message costs
   * the state one commit: the row must be in one of `states` (default: any), and `sent`, the
   * previous message of the same connection, is recorded as sent first (when this rejects,
   * neither was written). The Message-ID is the row's own when it has one (a retry, a
   * resumed unknown), else `messageId`.
   * @example claim('ana@example.org', { messageId: '<1@news.example.org>', atMs: Date.now(), states: ['pending', 'failed'] })
   */
  claim(key: string, options: ClaimOptions): Promise<Claim>;
  markSent(key: string, reply: string): Promise<void>;
  markFailed(key: string, reply: string, bounced: boolean): Promise<void>;
  markUnknown(key: string, reason: string): Promise<void>;
  /** Back to pending (deferred, or never handed over), keeping the Message-ID for the next try. */
  markPending(key: string, reply?: string): Promise<void>;
  summary(): Promise<JournalSummary>;
}

/** What `JobJournal.claim` is asked to do. */
export interface ClaimOptions {
  /** Used when the row has no Message-ID yet. */
  messageId: string;
  /** The hand-over time, ms since the epoch. */
  atMs: number;
  /** States the row may be in to be handed over; absent: any. */
  states?: readonly RecipientState[];
  /** The previous message of this connection, accepted with this reply: recorded as sent in the same commit. */
  sent?: { key: string; reply: string };
}

/**
 * What `claim` found: marked *sending* (hand it over with `messageId`), or not: the row was
 * in another `state`, the reader is `suppressed` by now (a pending row is dropped, as by
 * `markSending`), or there is no row.
 */
export type Claim =
  | { claimed: true; messageId: string }
  | { claimed: false; why: 'state'; state: RecipientState }
  | { claimed: false; why: 'suppressed' | 'missing' };

/** A late outcome as bounce processing records it. */
export interface NewLateOutcome {
  outcome: LateOutcome;
  /** Enhanced status code, e.g. `5.1.1`. */
  status?: string;
  diagnostic?: string;
  /** ISO time; defaults to now. */
  at?: string;
}

/** How to take a send lease; the defaults are this process's. */
export interface LeaseOptions {
  /** Unique per process start; defaults to this process's `PROCESS_OWNER`. */
  owner?: string;
  pid?: number;
  host?: string;
  /** How long a lease lives without renewal; default 60 s. */
  ttlMs?: number;
  now?: () => number;
  /** Tells a dead holder on this machine (same host, boot and PID namespace) from a live one. */
  isAlive?: (holder: LockHolder & { pidNamespace?: string; bootId?: string }) => boolean;
}

/** A held lease: renew it every few seconds; `lost` is set when someone broke or took it. */
export interface SendLease {
  readonly issueId: string;
  readonly destination: string;
  readonly owner: string;
  /** Set when a dead or expired holder's lease was taken over. */
  readonly tookOverFrom?: LockHolder;
  /** Extends the lease; resolves false when it is no longer ours (broken by `unlock`, taken over). */
  renew(): Promise<boolean>;
  /** Gives the lease back; harmless when called twice or after it was taken over. */
  release(): Promise<void>;
}

/** The send journal of every (issue, destination), and its leases. */
export interface JournalStore {
  /** The journal of one (issue, destination); `listId`: which list's suppressions stop a hand-over (default: any entry). */
  job(issueId: string, destination: string, options?: { listId?: string }): JobJournal;
  /** One summary per destination the issue was sent to, or the one asked for. Safe while a send runs. */
  status(issueId: string, destination?: string): Promise<JournalSummary[]>;
  /** The row of `email` for an issue (any destination, the most recent first). */
  findRecipient(issueId: string, email: string): Promise<JournalEntry[]>;
  /** Every row of an address, any issue and destination, the most recently sent first (bounce processing). */
  entriesOf(email: string): Promise<JournalEntry[]>;
  /** The row that carried this Message-ID (with or without angle brackets). */
  findByMessageId(messageId: string): Promise<JournalEntry | undefined>;
  /** Records what happened after the hand-over; false when no row has this Message-ID. */
  recordLateOutcome(messageId: string, outcome: NewLateOutcome): Promise<boolean>;
  /** Hand-over times (ms) since `sinceMs`, oldest first; one destination or all. The pace across resumes and processes. */
  recentHandOvers(destination: string | undefined, sinceMs: number): Promise<number[]>;
  /** How many hand-overs since `sinceMs` (ms since the epoch); one destination or all. */
  countHandOvers(sinceMs: number, destination?: string): Promise<number>;
  /** Takes the send lease of (issue, destination) or rejects with `SendLockedError` naming the holder. */
  acquireLease(issueId: string, destination: string, options?: LeaseOptions): Promise<SendLease>;
  /** The current holder, live or not (expired leases have `expires` in the past); undefined when free. */
  leaseHolder(issueId: string, destination: string): Promise<LockHolder | undefined>;
  /** Removes the lease of that holder (`unlock`); false when it changed meanwhile. */
  breakLease(issueId: string, destination: string, owner: string): Promise<boolean>;
  /** Every (issue, destination) with a lease row. */
  leases(): Promise<(LockHolder & { issueId: string; destination: string })[]>;
  /**
   * The rows of one (issue, destination) in the given states, in address order, read
   * `batchSize` rows (default 1 000) at a time: a million rows never sit in memory at once
   * (`status --unknown`). `for await (const entry of journal.recipientsIn(id, dest, ['unknown'])) …`
   */
  recipientsIn(issueId: string, destination: string, states: readonly RecipientState[], options?: { batchSize?: number }): AsyncIterable<JournalEntry>;
  /** What came back after the hand-over, counted per destination of an issue (bounce processing recorded it). */
  lateOutcomes(issueId: string): Promise<LateOutcomeCounts[]>;
}

/** The late outcomes of one (issue, destination): every outcome present, 0 when none. */
export interface LateOutcomeCounts {
  destination: string;
  counts: Record<LateOutcome, number>;
}

/** `state info`: where the state is, its schema version and what it holds. */
export interface StateInfo {
  backend: 'sqlite' | 'postgres';
  /** The folder and file, or the URL without its password. */
  location: string;
  schemaVersion: number;
  counts: { suppressed: number; journalRows: number; runs: number; leases: number };
}

/** The state one command works with. */
export interface StateStore {
  readonly backend: 'sqlite' | 'postgres';
  /** For messages: the folder, or the URL without credentials. */
  readonly location: string;
  readonly readOnly: boolean;
  readonly suppression: SuppressionStore;
  readonly journal: JournalStore;
  /** The plans of running sends, dry runs and list checks (see ./plan-types.ts). */
  readonly plans: PlanStore;
  info(): Promise<StateInfo>;
  /** Can a write be committed right now? (`/healthz`, serve's 503) Rejects with the StateError when not. */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

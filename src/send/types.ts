import type { Subscriber } from '../subscribers/types.js';

/**
 * Why a row of the list gets no mail in this run. The first four are the contract's
 * `skipped` keys; `bounced` (suppressed as a hard bounce) and `other_language`
 * (`--lang` narrows the send) are kept apart so the report can say so.
 */
export type SkipReason = 'invalid' | 'duplicate' | 'unsubscribed' | 'bounced' | 'already_sent' | 'other_language';

export interface PlannedRecipient {
  subscriber: Subscriber;
  /** The issue language this reader gets. */
  lang: string;
  /** Set when the journal already gave this reader a Message-ID (resend of an unknown outcome). */
  messageId?: string;
  /**
   * A test send `--as` a reader: the mail is personalised for `subscriber`, but goes to this
   * address, names it in To, and its unsubscribe link and List-Unsubscribe are this address's.
   */
  deliverTo?: { email: string; key: string };
}

export interface SkippedRow {
  line: number;
  email: string;
  reason: SkipReason;
  detail?: string;
  /** A duplicate: the line that holds the address first. */
  firstLine?: number;
}

/**
 * A reader of the list who is neither skipped nor mailed in this run: an unknown outcome
 * held back in a plain `send` (settled with --resend-unknown), or a reader not yet mailed
 * while `--resend-unknown` settles only the unknown ones.
 */
export interface HeldBackRow {
  line: number;
  email: string;
  key: string;
  state: 'unknown' | 'pending';
  messageId?: string;
}

/** Who gets what, and who is skipped and why: decided by `planDelivery`, a pure function. */
export interface DeliveryPlan {
  issueId: string;
  /** Journal key of where mail goes: `smtp://host:port` (never credentials) or `outbox:<abs dir>`. */
  destination: string;
  recipients: PlannedRecipient[];
  skipped: SkippedRow[];
  /** Readers neither mailed nor skipped in this run (see HeldBackRow); absent means none. */
  heldBack?: HeldBackRow[];
  /** Content hashes remembered by the journal: resuming after either changed needs --force. */
  issueHash: string;
  listHash: string;
  mode: 'send' | 'resend' | 'resend-unknown';
}

/** How many examples per reason a plan's summary keeps (the report counts the rest). */
export const PLAN_SAMPLE_SIZE = 20;

/**
 * What a plan decided, as counts, with a bounded sample of examples per reason (the first
 * `PLAN_SAMPLE_SIZE` by line): what the dry run, the report and `--json` show, however long the list.
 */
export interface PlanSummary {
  /** Readers this run hands over. */
  recipients: number;
  /** Of those, per issue language. */
  languages: Record<string, number>;
  skipped: Record<SkipReason, number>;
  /** Readers neither mailed nor skipped in this run (see HeldBackRow). */
  heldBack: { unknown: number; pending: number };
  examples: {
    /** Per reason at most PLAN_SAMPLE_SIZE rows, in line order. */
    skipped: SkippedRow[];
    /** Per state at most PLAN_SAMPLE_SIZE rows, in line order. */
    heldBack: HeldBackRow[];
    /** Per language the first few addresses. */
    recipients: Record<string, string[]>;
  };
}

/**
 * A plan kept in the state (see makeStoredPlan): the same decisions as a DeliveryPlan, but
 * its readers stay in the state's plan table and are read page by page, so memory does not
 * grow with the list. The delivery walks `cursor()`; `drop()` removes its rows.
 */
export interface StoredPlan {
  readonly stored: true;
  issueId: string;
  destination: string;
  issueHash: string;
  listHash: string;
  mode: DeliveryPlan['mode'];
  /** The list as read: absolute path, non-blank data rows, the header's columns. */
  list: { file: string; rows: number; columns: string[] };
  summary: PlanSummary;
  /** The readers to send, in line order, read from the state page by page. */
  cursor(): AsyncIterable<PlannedRecipient>;
  /** Adds a pending journal row for each reader to send that the journal does not know yet. */
  addToJournal(): Promise<void>;
  /** Decides again against the journal and the suppression list as they are now (after a long confirmation). */
  refresh(): Promise<void>;
  /** Removes the plan's rows (personal data) from the state. Harmless twice. */
  drop(): Promise<void>;
}

/** A plan of either kind: in memory (planDelivery) or in the state (makeStoredPlan). */
export type AnyPlan = DeliveryPlan | StoredPlan;

/** One finished message, ready to hand to a transport as it is. */
export interface OutgoingMessage {
  /** The recipient's key (lower-cased address): the journal row. */
  key: string;
  envelope: { from: string; to: string };
  messageId: string;
  /** The whole RFC 5322 message, CRLF line ends. */
  raw: Buffer;
  /**
   * Set when `raw` lives in a reused buffer: a transport that has seen the server accept
   * the message (every byte written) may call it once, and must not touch `raw` after.
   * Transports that keep messages (tests) simply never call it.
   */
  release?(): void;
}

/** What the transport learnt of one hand-over. */
export interface TransportReply {
  /** The server's reply line, e.g. `250 2.0.0 Ok: queued as 4F3A`. */
  response: string;
}

/**
 * A failed hand-over, with what the classifier needs: the SMTP reply code and text, the
 * step that failed, and whether the server may already hold the whole message.
 */
export interface TransportFailure {
  responseCode?: number;
  response?: string;
  /** SMTP step: 'CONN', 'AUTH', 'MAIL FROM', 'RCPT TO', 'DATA', 'MESSAGE' (after the body). */
  command?: string;
  /** nodemailer's code: ECONNECTION, ETIMEDOUT, EAUTH, ETLS, EENVELOPE, EMESSAGE, … */
  code?: string;
  /** True when the message's last byte went out before the failure: the outcome is unknown. */
  handedOver: boolean;
  message: string;
}

/** SMTP (nodemailer), the outbox (.eml files) or a recording fake: one small interface. */
export interface Transport {
  /** Journal key, as in DeliveryPlan.destination. */
  readonly destination: string;
  /** Reach and authenticate before anything is asked or sent. */
  verify(): Promise<void>;
  /** Resolves with the reply, or rejects with an Error carrying a `TransportFailure` as `failure`. */
  send(message: OutgoingMessage): Promise<TransportReply>;
  close(): Promise<void>;
}

/** What a send did: the contract's `send --json` shape is derived from it. */
export interface DeliveryReport {
  issue: string;
  destination: string;
  recipients: number;
  sent: number;
  failed: number;
  unknown: number;
  pending: number;
  skipped: Record<SkipReason, number>;
  /** Failed recipients with the server's reply, for the top reasons in the report. */
  failures: { email: string; reply: string; bounced: boolean }[];
  durationMs: number;
  /** Set when the run stopped early: 'interrupted', 'auth', 'tls', 'too-many-failures', 'paused', … */
  stoppedBecause?: string;
  /** `paused`: when the next slot opens (ms since the epoch), and what made the run wait. */
  pausedUntil?: number;
  pausedFor?: 'second' | 'minute' | 'hour' | 'day' | 'window';
  /** The server's reply behind a stop ('auth', 'sender'), e.g. `553 5.1.8 Sender address rejected`. */
  stopReply?: string;
  /** Rows a dead run had left in *sending*, turned *unknown* at this start (say so). */
  recoveredUnknown?: number;
  /** Set when deliverIssue took over the lock of a sender that is gone (a one-line note). */
  lockTakenOverFrom?: { pid: number; host?: string; since: string };
}

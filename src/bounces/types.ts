/**
 * What came back to the return path, as `parseFeedback` reads it. One message is one of:
 * a delivery status notification (RFC 3464), a complaint (RFC 5965 ARF), an auto-reply
 * (RFC 3834), a bounce in a mail server's own words ("guessed"), or anything else (a
 * person's reply, spam): left alone.
 */
export type FeedbackKind = 'dsn' | 'complaint' | 'auto-reply' | 'guessed' | 'other';

/** One recipient's part of a DSN (RFC 3464 section 2.3). */
export interface RecipientStatus {
  /** Final-Recipient's address, lower-cased. */
  recipient?: string;
  /** Original-Recipient's address, lower-cased (the one we sent to, when a forward changed it). */
  originalRecipient?: string;
  /** `failed`, `delayed`, `delivered`, `relayed`, `expanded`. */
  action: string;
  /** Enhanced status, e.g. `5.1.1`. */
  status?: string;
  /** Diagnostic-Code without its type, e.g. `550 5.1.1 <x@example.org>: no such user`. */
  diagnostic?: string;
}

/** A spam complaint (RFC 5965 `message/feedback-report`). */
export interface Complaint {
  /** `abuse`, `fraud`, `other`, … */
  feedbackType: string;
  /** Original-Rcpt-To, when the report names it (many providers redact it). */
  originalRecipient?: string;
  userAgent?: string;
}

/** What `parseFeedback` makes of one message. */
export interface Feedback {
  kind: FeedbackKind;
  /** The bounce's own Message-ID, From, Subject, Date (for listing it). */
  messageId?: string;
  from?: string;
  subject?: string;
  date?: string;
  /**
   * Addresses the message was delivered to, most telling first: Delivered-To,
   * X-Original-To, Envelope-To, then To and Cc. The VERP token hides in one of them.
   */
  deliveredTo: string[];
  /** Message-ID of the returned original (from its headers), angle brackets included. */
  returnedMessageId?: string;
  /** `To` of the returned original, lower-cased. */
  returnedTo?: string;
  /** DSN or guessed bounce: one per recipient it reports on. */
  statuses: RecipientStatus[];
  complaint?: Complaint;
  /** For an auto-reply: which sign gave it away (`Auto-Submitted: auto-replied`, …). */
  autoReply?: string;
  /** For a guessed bounce: the text it was guessed from (one line). */
  guessedFrom?: string;
  /** Set when the message could not be parsed at all. */
  broken?: string;
}

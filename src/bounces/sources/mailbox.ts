/** One message of a mailbox, as the source holds it. */
export interface MailboxMessage {
  /** Stable within its source: an IMAP UID, a Maildir file name, `mbox#3`, a file path. */
  id: string;
  raw: Buffer;
}

/**
 * Where the messages that came back are read: IMAP, a Maildir, an mbox file, `.eml`
 * files, standard input. Nothing is ever deleted: a processed message is marked and moved
 * aside where the source allows it (IMAP, Maildir); the others are read-only, and the
 * state makes a second run a no-op.
 */
export interface Mailbox {
  /** For messages, without credentials: `imap://reader@127.0.0.1:1143/INBOX`. */
  readonly description: string;
  /** True when `markProcessed` moves messages aside (IMAP, Maildir). */
  readonly movesProcessed: boolean;
  /** How many messages `messages()` will yield: the progress bar's total. */
  count(): Promise<number>;
  /** Every message, oldest first; read without changing anything (not even \Seen). */
  messages(): AsyncIterable<MailboxMessage>;
  /** Marks these as processed (read, and our keyword) and moves them to the processed folder. */
  markProcessed(ids: string[]): Promise<void>;
  close(): Promise<void>;
}

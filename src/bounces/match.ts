import type { JournalEntry } from '../state/types.js';
import { messageIdAt, openVerpToken, tokenInAddress } from '../unsubscribe/verp-token.js';
import type { Match } from './decide.js';
import { statusFor } from './decide.js';
import type { Feedback } from './types.js';

/** What matching reads of the journal. */
export interface MatchJournal {
  findByMessageId(messageId: string): Promise<JournalEntry | undefined>;
  /** Every row of an address, any issue and destination. */
  entriesOf(email: string): Promise<JournalEntry[]>;
}

export interface MatchContext {
  journal: MatchJournal;
  /** MAC keys of the VERP tokens (`verpKeys`). */
  keys: Buffer[];
  /** The return path and the mailto base: the addresses whose sub-addresses carry tokens. */
  bases: string[];
  separator: string;
  /** Domains our Message-IDs are made at (the From domain first). */
  messageIdDomains: string[];
}

/** Only rows of mail that really went out (or may have: unknown) can be bounced or complained about. */
function wasSent(entry: JournalEntry | undefined): entry is JournalEntry {
  return entry !== undefined && (entry.state === 'sent' || entry.state === 'unknown');
}

/**
 * Ties a message to the journal row it is about, in this order: the VERP token of the
 * address it came to (checked with the secret); the returned message's Message-ID; the
 * reported recipient among the readers the journal says were sent mail, the issue sent
 * last before the report. Undefined unless the journal really sent that message.
 */
export async function matchFeedback(feedback: Feedback, context: MatchContext): Promise<Match | undefined> {
  for (const address of feedback.deliveredTo) {
    const found = tokenInAddress(address, context.bases, context.separator);
    if (!found) continue;
    const opened = openVerpToken(context.keys, found.token);
    if (!opened) continue; // cut off or forged: the other ways may still find it
    for (const domain of context.messageIdDomains) {
      const entry = await context.journal.findByMessageId(messageIdAt(opened.localPart, domain));
      if (wasSent(entry)) return { by: 'token', entry, ...(found.kind === 'unsubscribe' ? { unsubscribe: true } : {}) };
    }
  }
  if (feedback.kind !== 'dsn' && feedback.kind !== 'complaint' && feedback.kind !== 'guessed') return undefined;
  if (feedback.returnedMessageId) {
    const entry = await context.journal.findByMessageId(feedback.returnedMessageId);
    if (wasSent(entry)) return { by: 'message-id', entry };
  }
  const status = statusFor(feedback);
  const candidates = [status?.originalRecipient, status?.recipient, feedback.complaint?.originalRecipient].filter((a): a is string => Boolean(a));
  for (const email of candidates) {
    const rows = (await context.journal.entriesOf(email)).filter(wasSent);
    const reportedAt = feedback.date ? Date.parse(feedback.date) : Number.NaN;
    const before = rows.filter((r) => !r.sentAt || Number.isNaN(reportedAt) || Date.parse(r.sentAt) <= reportedAt);
    const latest = before.sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''))[0];
    if (latest) return { by: 'recipient', entry: latest };
  }
  return undefined;
}

import type { JournalEntry, LateOutcome } from '../state/types.js';
import type { Feedback, RecipientStatus } from './types.js';
import { feedbackVerdict, type LateVerdict } from './verdict.js';

/** How a message was tied to a journal row. */
export type MatchedBy = 'token' | 'message-id' | 'recipient';

/** A message tied to the row of the reader and issue it is about. */
export interface Match {
  by: MatchedBy;
  entry: JournalEntry;
  /** The message came to the reader's mailto unsubscribe address. */
  unsubscribe?: boolean;
}

/**
 * What `newsletter bounces` does with one message:
 * - `bounced`, `complained`, `unsubscribed`: the reader is suppressed for that reason;
 * - `soft`: a soft bounce counted on the journal row (`soft-limit` when it made the reader reach `bounces.soft_limit`);
 * - `delayed`: a delay notice counted on the journal row;
 * - `sender`: a block for the sender's address or reputation (5.7.x, 5.1.7/5.1.8): reported, nobody suppressed;
 * - `delivered`: a success notice;
 * - `left-alone`: an auto-reply or a person's reply: stays where it is;
 * - `unmatched`: no message the journal sent (a forged or foreign bounce): stays where it is.
 */
export type BounceAction = 'bounced' | 'complained' | 'unsubscribed' | 'soft' | 'soft-limit' | 'delayed' | 'sender' | 'delivered' | 'left-alone' | 'unmatched';

/** Actions after which the message moves to the processed folder. */
export const PROCESSED_ACTIONS: ReadonlySet<BounceAction> = new Set(['bounced', 'complained', 'unsubscribed', 'soft', 'soft-limit', 'delayed', 'sender', 'delivered']);

/** The decision about one message: what to record, and whom to suppress. */
export interface Decision {
  action: BounceAction;
  /** The status the decision rests on (DSN or guessed). */
  status?: RecipientStatus;
  verdict?: LateVerdict;
  /** What to record on the journal row, when anything. */
  late?: { outcome: LateOutcome; status?: string; diagnostic?: string };
  /** Whom to suppress and why. */
  suppress?: { reason: 'bounced' | 'complained' | 'unsubscribed'; detail: string };
  /** Why, in a few words, for the listing. */
  why: string;
}

/** Which late outcome wins when a row already has one: a complaint over a bounce over a soft bounce over a delay. */
const RANK: Record<LateOutcome, number> = { delayed: 1, soft_bounced: 2, bounced: 3, complained: 4 };

/** The status of a DSN that is about the matched reader (or the first that reports a problem). */
export function statusFor(feedback: Feedback, email?: string): RecipientStatus | undefined {
  const lower = email?.toLowerCase();
  const about = lower ? feedback.statuses.find((s) => s.originalRecipient === lower || s.recipient === lower) : undefined;
  return about ?? feedback.statuses.find((s) => s.action === 'failed' || s.action === 'delayed') ?? feedback.statuses[0];
}

/**
 * Decides what a message means, given its match; pure.
 * `softStreak` counts the issues in a row before this one in which this reader had a soft
 * bounce and no success since (see `softStreakOf`).
 */
export function decide(feedback: Feedback, match: Match | undefined, options: { softLimit: number; softStreak: number }): Decision {
  if (feedback.kind === 'auto-reply') return { action: 'left-alone', why: `auto-reply (${feedback.autoReply})` };
  if (match?.unsubscribe) {
    return { action: 'unsubscribed', suppress: { reason: 'unsubscribed', detail: 'mailto unsubscribe' }, why: 'unsubscribe by mail' };
  }
  if (feedback.kind === 'other') return { action: feedback.broken ? 'unmatched' : 'left-alone', why: feedback.broken ? `could not be read: ${feedback.broken}` : 'not a bounce (a reply or other mail)' };
  if (!match) return { action: 'unmatched', why: 'about no message the journal sent' };

  const status = statusFor(feedback, match.entry.email);
  const verdict = feedbackVerdict(feedback, status);
  const code = status?.status;
  const diagnostic = status?.diagnostic;
  const detail = [code, diagnostic].filter(Boolean).join(' ');
  const record = (outcome: LateOutcome) => keepStronger(match.entry, { outcome, ...(code ? { status: code } : {}), ...(diagnostic ? { diagnostic } : {}) });
  switch (verdict) {
    case 'complaint': {
      const type = feedback.complaint?.feedbackType ?? 'abuse';
      return { action: 'complained', verdict, late: record('complained'), suppress: { reason: 'complained', detail: `complaint (${type})` }, why: `spam complaint (${type})` };
    }
    case 'hard':
      return { action: 'bounced', verdict, ...(status ? { status } : {}), late: record('bounced'), suppress: { reason: 'bounced', detail: detail || 'hard bounce' }, why: `hard bounce${code ? ` (${code})` : ''}` };
    case 'soft': {
      const streak = options.softStreak + 1;
      const late = record('soft_bounced');
      if (streak >= options.softLimit) {
        return {
          action: 'soft-limit',
          verdict,
          ...(status ? { status } : {}),
          late,
          suppress: { reason: 'bounced', detail: `soft bounces in ${streak} issues in a row${detail ? `; the last: ${detail}` : ''}` },
          why: `soft bounce${code ? ` (${code})` : ''}, ${streak} issues in a row: suppressed`,
        };
      }
      return { action: 'soft', verdict, ...(status ? { status } : {}), late, why: `soft bounce${code ? ` (${code})` : ''}, ${streak} of ${options.softLimit} in a row` };
    }
    case 'delayed':
      return { action: 'delayed', verdict, ...(status ? { status } : {}), late: record('delayed'), why: `delayed${code ? ` (${code})` : ''}, still being tried` };
    case 'policy':
    case 'sender':
      // recorded as a soft bounce so the report counts it; softStreakOf never counts these statuses
      return {
        action: 'sender',
        verdict,
        ...(status ? { status } : {}),
        late: record('soft_bounced'),
        why: `${verdict === 'policy' ? 'refused for the sender\'s reputation or policy' : 'the sender address was refused'}${code ? ` (${code})` : ''}: not the reader's fault, nobody suppressed`,
      };
    case 'delivered':
      return { action: 'delivered', verdict, why: 'delivered (a success notice)' };
    default:
      return { action: 'unmatched', why: 'no status about this reader' };
  }
}

/** The new late outcome, unless the row already has a stronger one (then undefined: nothing to write). */
function keepStronger(entry: JournalEntry, late: { outcome: LateOutcome; status?: string; diagnostic?: string }): Decision['late'] {
  if (entry.late && RANK[entry.late.outcome] > RANK[late.outcome]) return undefined;
  return late;
}

/** A soft bounce that counts towards `soft_limit`: not a block of the sender (5.7.x, 5.1.7, 5.1.8). */
export function countsAsSoft(late: JournalEntry['late']): boolean {
  return late?.outcome === 'soft_bounced' && !/^[45]\.(7\.\d+|1\.[78])$/.test(late.status ?? '');
}

/**
 * The issues in a row, newest first and before `current`, in which a reader's mail came
 * back as a soft bounce, up to the first one that went through (sent, no late outcome).
 * `history` is the reader's journal rows of every issue; pure.
 */
export function softStreakOf(history: JournalEntry[], current: JournalEntry): number {
  const byIssue = new Map<string, JournalEntry>();
  for (const entry of history) {
    if (entry.issueId === current.issueId) continue;
    if (entry.state !== 'sent' && entry.state !== 'unknown') continue;
    const seen = byIssue.get(entry.issueId);
    if (!seen || (entry.sentAt ?? '') > (seen.sentAt ?? '')) byIssue.set(entry.issueId, entry);
  }
  const before = [...byIssue.values()].filter((e) => (e.sentAt ?? '') <= (current.sentAt ?? '\uffff')).sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''));
  let streak = 0;
  for (const entry of before) {
    if (countsAsSoft(entry.late)) streak++;
    // a delay, or a block of the sender, says nothing about the mailbox either way
    else if (entry.late?.outcome === 'delayed' || entry.late?.outcome === 'soft_bounced') continue;
    else break;
  }
  return streak;
}

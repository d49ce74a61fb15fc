import type { Feedback, RecipientStatus } from './types.js';

/**
 * What a report about one reader means for them:
 * - `hard`: the mailbox does not exist or is closed: suppress as bounced;
 * - `soft`: a temporary failure (full, unreachable): counted; suppressed after `soft_limit` issues in a row;
 * - `delayed`: still being tried: counted like a soft bounce;
 * - `policy`: refused for the sender's reputation or content (5.7.x): the sender's problem, never the reader's;
 * - `sender`: the report names our own address (5.1.7, 5.1.8): the sender's problem;
 * - `complaint`: the reader marked it as spam: suppress as complained;
 * - `delivered`: a success notice: nothing to do.
 */
export type LateVerdict = 'hard' | 'soft' | 'delayed' | 'policy' | 'sender' | 'complaint' | 'delivered';

/** Statuses that say the mailbox is gone for good (RFC 3463): bad mailbox, system or syntax, moved, disabled, no route, null MX. */
const HARD = /^5\.(1\.[0-6]|1\.10|2\.1|4\.4)$/;

/**
 * The verdict of one recipient status; pure.
 * @example lateVerdict({ action: 'failed', status: '5.1.1' }) // → 'hard'
 */
export function lateVerdict(status: RecipientStatus): LateVerdict {
  const action = status.action;
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return 'delivered';
  if (action === 'delayed') return 'delayed';
  const code = status.status;
  if (!code) return 'soft';
  if (/^[45]\.1\.[78]$/.test(code)) return 'sender';
  if (/^[45]\.7\./.test(code)) return 'policy';
  if (HARD.test(code)) return 'hard';
  // 4.x.x, and 5.x.x that speak of a full mailbox, a busy system or the network: may pass next time
  return 'soft';
}

/** The verdict of a whole feedback message about its reader; undefined when it is no report (auto-reply, reply, other). */
export function feedbackVerdict(feedback: Feedback, status?: RecipientStatus): LateVerdict | undefined {
  if (feedback.kind === 'complaint') return 'complaint';
  if ((feedback.kind === 'dsn' || feedback.kind === 'guessed') && status) return lateVerdict(status);
  return undefined;
}

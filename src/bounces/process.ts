import type { NewLateOutcome, NewSuppression, SuppressionEntry } from '../state/types.js';
import { decide, PROCESSED_ACTIONS, softStreakOf, type BounceAction, type MatchedBy } from './decide.js';
import { matchFeedback, type MatchContext, type MatchJournal } from './match.js';
import { parseFeedback } from './parse-feedback.js';
import type { Mailbox } from './sources/mailbox.js';
import type { FeedbackKind } from './types.js';

/** What bounce processing reads and writes of the state. */
export interface BounceStore {
  journal: MatchJournal & { recordLateOutcome(messageId: string, outcome: NewLateOutcome): Promise<boolean> };
  suppression: { add(entry: NewSuppression): Promise<{ added: boolean; entry: SuppressionEntry }> };
}

export interface ProcessOptions {
  store: BounceStore;
  mailbox: Mailbox;
  match: Omit<MatchContext, 'journal'>;
  /** The list unsubscribes and complaints apply to (`list_id`); bounces apply to every list. */
  listId: string;
  softLimit: number;
  /** Say what would happen; write and move nothing. */
  dryRun: boolean;
  onProgress?(done: number, total: number): void;
}

/** What became of one message. */
export interface MessageResult {
  /** Its id in the mailbox (IMAP UID, Maildir file, …). */
  id: string;
  kind: FeedbackKind;
  from?: string;
  subject?: string;
  date?: string;
  action: BounceAction;
  why: string;
  matchedBy?: MatchedBy;
  issueId?: string;
  email?: string;
  status?: string;
  diagnostic?: string;
  /** Read from a server's own words, not a standard report. */
  guessed?: boolean;
  /** This run wrote something (a late outcome, a suppression); false on a repeat. */
  changed: boolean;
  /** Moved to the processed folder (IMAP, Maildir). */
  moved: boolean;
}

/** The whole run, for the CLI and `--json`. */
export interface BounceReport {
  source: string;
  dryRun: boolean;
  messages: MessageResult[];
  counts: Record<BounceAction, number>;
  /** Messages whose processing changed the state in this run. */
  changed: number;
  moved: number;
}

const ACTIONS: BounceAction[] = ['bounced', 'complained', 'unsubscribed', 'soft', 'soft-limit', 'delayed', 'sender', 'delivered', 'left-alone', 'unmatched'];
/** Processed messages are moved in batches: a crash loses at most this many moves (they are found again and are no-ops). */
const MOVE_BATCH = 50;

/**
 * Reads every message of the mailbox, ties it to the journal, decides (see `decide`),
 * records the outcome and suppressions, and moves what it processed. Unmatched messages,
 * auto-replies and replies are left exactly as they were. A second run over the same
 * messages changes nothing: outcomes and suppressions are written only when new.
 */
export async function processBounces(options: ProcessOptions): Promise<BounceReport> {
  const { store, mailbox } = options;
  const context: MatchContext = { ...options.match, journal: store.journal };
  const ownDomains = [...new Set(options.match.bases.map((b) => b.slice(b.lastIndexOf('@') + 1)))];
  const total = await mailbox.count();
  const messages: MessageResult[] = [];
  let toMove: MessageResult[] = [];
  let moved = 0;
  const flush = async () => {
    if (toMove.length === 0 || options.dryRun || !mailbox.movesProcessed) return;
    await mailbox.markProcessed(toMove.map((result) => result.id));
    moved += toMove.length;
    for (const result of toMove) result.moved = true;
    toMove = [];
  };

  options.onProgress?.(0, total);
  for await (const message of mailbox.messages()) {
    const feedback = await parseFeedback(message.raw, { ownDomains });
    const match = feedback.kind === 'auto-reply' ? undefined : await matchFeedback(feedback, context);
    const softStreak = match && feedback.kind !== 'complaint' ? softStreakOf(await store.journal.entriesOf(match.entry.email), match.entry) : 0;
    const decision = decide(feedback, match, { softLimit: options.softLimit, softStreak });

    let changed = false;
    if (match && !options.dryRun) {
      const entry = match.entry;
      const late = decision.late;
      if (late && entry.messageId && !(entry.late?.outcome === late.outcome && entry.late.status === late.status)) {
        changed = (await store.journal.recordLateOutcome(entry.messageId, late)) || changed;
      }
      if (decision.suppress) {
        const bounce = decision.suppress.reason === 'bounced';
        const added = await store.suppression.add({
          email: entry.email,
          reason: decision.suppress.reason,
          // a dead mailbox is dead for every list; an unsubscribe or complaint is about this one
          ...(bounce ? {} : { listId: options.listId }),
          issueId: entry.issueId,
          detail: decision.suppress.detail,
          source: match.unsubscribe ? 'mailto' : 'bounce',
        });
        changed = added.added || changed;
      }
    }
    const status = decision.status;
    const result: MessageResult = {
      id: message.id,
      kind: feedback.kind,
      ...(feedback.from ? { from: feedback.from } : {}),
      ...(feedback.subject ? { subject: feedback.subject } : {}),
      ...(feedback.date ? { date: feedback.date } : {}),
      action: decision.action,
      why: decision.why,
      ...(match ? { matchedBy: match.by, issueId: match.entry.issueId, email: match.entry.email } : {}),
      ...(status?.status ? { status: status.status } : {}),
      ...(status?.diagnostic ? { diagnostic: status.diagnostic } : {}),
      ...(feedback.kind === 'guessed' ? { guessed: true } : {}),
      changed,
      moved: false,
    };
    messages.push(result);
    if (PROCESSED_ACTIONS.has(decision.action)) toMove.push(result);
    if (toMove.length >= MOVE_BATCH) await flush();
    options.onProgress?.(messages.length, total);
  }
  await flush();

  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<BounceAction, number>;
  for (const result of messages) counts[result.action]++;
  return { source: mailbox.description, dryRun: options.dryRun, messages, counts, changed: messages.filter((m) => m.changed).length, moved };
}

import { matchLanguage } from '../subscribers/match-language.js';
import type { SubscriberList } from '../subscribers/types.js';
import type { JournalView, SuppressionReason } from '../state/types.js';
import { PLAN_SAMPLE_SIZE, type AnyPlan, type DeliveryPlan, type HeldBackRow, type PlanSummary, type PlannedRecipient, type SkippedRow } from './types.js';

/** What the journal knows of one issue at one destination, as far as the plan needs it (sent keys; unknown outcomes → Message-ID). */
export type { JournalView } from '../state/types.js';

export interface PlanInput {
  issueId: string;
  /** The languages of the issue set, in the set's order. */
  languages: readonly string[];
  list: SubscriberList;
  /** Suppression list: key → reason. */
  suppressed: ReadonlyMap<string, SuppressionReason>;
  journal: JournalView;
  defaultLanguage: string;
  /** `--lang`: only readers of this language. */
  lang?: string;
  mode: DeliveryPlan['mode'];
  destination: string;
  issueHash: string;
  listHash: string;
  /** Maps a reader's `language` column to one of `available` (see subscribers' matchLanguage). */
  matchLanguage?: (value: string | undefined, available: readonly string[], fallback: string) => string;
}

/**
 * Who gets which language and who is skipped and why; pure, no I/O.
 * Suppression wins over everything; `--lang` narrows next; then the journal decides:
 * `send` skips the sent and holds back unknown outcomes, `resend` ignores the journal,
 * `resend-unknown` takes only the unknown outcomes, with their original Message-ID.
 */
export function planDelivery(input: PlanInput): DeliveryPlan {
  const match = input.matchLanguage ?? ((value, available, fallback) => matchLanguage(value, available as string[], fallback));
  const fallback = input.languages.includes(input.defaultLanguage) ? input.defaultLanguage : input.languages[0];
  const recipients: PlannedRecipient[] = [];
  const heldBack: HeldBackRow[] = [];
  const skipped: SkippedRow[] = [
    ...input.list.invalid.map((row): SkippedRow => ({ line: row.line, email: row.value, reason: 'invalid', detail: row.reason })),
    ...input.list.duplicates.map(
      (row): SkippedRow => ({ line: row.line, email: row.email, reason: 'duplicate', detail: `same address as line ${row.firstLine}` }),
    ),
  ];

  for (const subscriber of input.list.subscribers) {
    const skip = (reason: SkippedRow['reason'], detail?: string) =>
      skipped.push({ line: subscriber.line, email: subscriber.email, reason, ...(detail ? { detail } : {}) });
    const suppression = input.suppressed.get(subscriber.key);
    if (suppression !== undefined) {
      skip(suppression === 'bounced' ? 'bounced' : 'unsubscribed', suppression);
      continue;
    }
    const lang = match(subscriber.language, input.languages, fallback);
    if (input.lang !== undefined && lang !== input.lang) {
      skip('other_language', lang);
      continue;
    }
    const unknownId = input.journal.unknown.get(subscriber.key);
    const sent = input.journal.sent.has(subscriber.key);
    if (input.mode === 'resend') {
      recipients.push({ subscriber, lang });
    } else if (input.mode === 'resend-unknown') {
      if (unknownId !== undefined) recipients.push({ subscriber, lang, messageId: unknownId });
      else if (sent) skip('already_sent');
      else heldBack.push({ line: subscriber.line, email: subscriber.email, key: subscriber.key, state: 'pending' });
    } else if (sent) {
      skip('already_sent');
    } else if (unknownId !== undefined) {
      heldBack.push({ line: subscriber.line, email: subscriber.email, key: subscriber.key, state: 'unknown', messageId: unknownId });
    } else {
      recipients.push({ subscriber, lang });
    }
  }

  skipped.sort((a, b) => a.line - b.line);
  return {
    issueId: input.issueId,
    destination: input.destination,
    recipients,
    skipped,
    heldBack,
    issueHash: input.issueHash,
    listHash: input.listHash,
    mode: input.mode,
  };
}

/** Skipped rows counted by reason, every reason present (0 when none). */
export function countSkipped(skipped: readonly SkippedRow[]): Record<SkippedRow['reason'], number> {
  const counts = { invalid: 0, duplicate: 0, unsubscribed: 0, bounced: 0, already_sent: 0, other_language: 0 };
  for (const row of skipped) counts[row.reason]++;
  return counts;
}

/** Planned recipients grouped by language, in the order the languages were given. */
export function recipientsByLanguage(plan: DeliveryPlan, languages: readonly string[]): Map<string, PlannedRecipient[]> {
  const groups = new Map<string, PlannedRecipient[]>(languages.map((lang) => [lang, []]));
  for (const recipient of plan.recipients) {
    const group = groups.get(recipient.lang);
    if (group) group.push(recipient);
    else groups.set(recipient.lang, [recipient]);
  }
  return groups;
}

/** The counts and bounded examples of a plan in memory; a stored plan carries its own. */
export function summarizePlan(plan: AnyPlan, sampleSize = PLAN_SAMPLE_SIZE): PlanSummary {
  if ('stored' in plan) return plan.summary;
  const held = plan.heldBack ?? [];
  const languages: Record<string, number> = {};
  const recipients: Record<string, string[]> = {};
  for (const r of plan.recipients) {
    languages[r.lang] = (languages[r.lang] ?? 0) + 1;
    const sample = (recipients[r.lang] ??= []);
    if (sample.length < sampleSize) sample.push(r.subscriber.email);
  }
  const perReason = new Map<string, number>();
  const bounded = <T extends { line: number }>(rows: readonly T[], reasonOf: (row: T) => string) =>
    rows.filter((row) => {
      const seen = perReason.get(reasonOf(row)) ?? 0;
      perReason.set(reasonOf(row), seen + 1);
      return seen < sampleSize;
    });
  return {
    recipients: plan.recipients.length,
    languages,
    skipped: countSkipped(plan.skipped),
    heldBack: { unknown: held.filter((h) => h.state === 'unknown').length, pending: held.filter((h) => h.state === 'pending').length },
    examples: { skipped: bounded(plan.skipped, (row) => row.reason), heldBack: bounded(held, (row) => `held ${row.state}`), recipients },
  };
}

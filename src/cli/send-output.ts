/**
 * What `send` and `status` tell the editor: the dry-run plan, the final report, the
 * journal's state, as text for people and as the contract's `--json` document.
 */
import type { JournalSummary } from '../send/journal.js';
import { localTimeZone } from '../config/send-limits.js';
import { pausedRun } from '../send/deliver.js';
import { countSkipped } from '../send/plan.js';
import { formatResume, waitReasonText } from './send-wait.js';
import { plural } from './output.js';
import type { DeliveryReport, PlanSummary, SkipReason } from '../send/types.js';
import type { Config } from '../config/types.js';
import { envelopeSender, returnPathOf } from '../unsubscribe/verp-token.js';

/** The contract's `send --json` / `status --json` document: a report's counts (more keys allowed). */
export type SendJson = Pick<DeliveryReport, 'issue' | 'destination' | 'recipients' | 'sent' | 'failed' | 'unknown' | 'pending' | 'skipped'> & {
  [more: string]: unknown;
};

const REASON_TEXT: Record<SkipReason, string> = {
  invalid: 'invalid address',
  duplicate: 'duplicate',
  unsubscribed: 'unsubscribed',
  bounced: 'bounced earlier',
  already_sent: 'already got it',
  other_language: 'other language (--lang)',
};

const n = (value: number) => value.toLocaleString('en-US');

/** What the output needs of a plan, in memory or in the state: its job and its summary (counts, bounded examples). */
export interface PlanView {
  issueId: string;
  destination: string;
  summary: PlanSummary;
}

/** The bounded examples of the JSON: per reason the first rows with their line. */
function examplesJson(summary: PlanSummary) {
  return {
    skipped: summary.examples.skipped.map(({ line, email, reason, detail }) => ({ line, email, reason, ...(detail ? { detail } : {}) })),
    heldBack: summary.examples.heldBack.map(({ line, email, state, messageId }) => ({ line, email, state, ...(messageId ? { messageId } : {}) })),
  };
}

/** The JSON of a plan that was not delivered (dry run, or nothing to do). */
export function planJson(plan: PlanView, extra: Record<string, unknown> = {}): SendJson {
  const { summary } = plan;
  const held = summary.heldBack;
  return {
    issue: plan.issueId,
    destination: plan.destination,
    recipients: summary.recipients + held.unknown + held.pending,
    sent: 0,
    failed: 0,
    unknown: held.unknown,
    pending: summary.recipients + held.pending,
    skipped: { ...summary.skipped },
    languages: { ...summary.languages },
    examples: examplesJson(summary),
    ...extra,
  };
}

/** The JSON of a finished (or stopped) delivery, held-back readers counted in. */
export function reportJson(plan: PlanView, report: DeliveryReport): SendJson {
  const held = plan.summary.heldBack;
  return {
    issue: report.issue,
    destination: report.destination,
    recipients: report.recipients + held.unknown + held.pending,
    sent: report.sent,
    failed: report.failed,
    unknown: report.unknown + held.unknown,
    pending: report.pending + held.pending,
    skipped: report.skipped,
    durationMs: report.durationMs,
    ...(report.stoppedBecause ? { stoppedBecause: report.stoppedBecause } : {}),
    ...(report.stopReply ? { stopReply: report.stopReply } : {}),
    ...(report.pausedUntil !== undefined ? { pausedUntil: new Date(report.pausedUntil).toISOString(), pausedFor: report.pausedFor ?? null } : {}),
    failures: report.failures,
    failureReasons: failureGroups(report.failures),
    examples: examplesJson(plan.summary),
  };
}

/** `invalid address 2, duplicate 1` — only reasons that occurred. */
export function skippedText(skipped: Record<SkipReason, number>): string {
  const parts = (Object.keys(REASON_TEXT) as SkipReason[]).filter((r) => skipped[r] > 0).map((r) => `${REASON_TEXT[r]} ${n(skipped[r])}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** The dry run's answer: who would get which language, who is skipped and why, and where it would go. */
export function describePlan(plan: PlanView, subject: string, destination: string, sampleSize = 3): string[] {
  const { summary } = plan;
  const lines = [`Dry run: "${subject}" (${plan.issueId}) would go to ${n(summary.recipients)} ${plural(summary.recipients, 'reader')} through ${destination}.`];
  for (const [lang, count] of Object.entries(summary.languages)) {
    const emails = summary.examples.recipients[lang] ?? [];
    const sample = emails.slice(0, sampleSize).join(', ');
    lines.push(`  ${lang}: ${n(count)} (${sample}${count > sampleSize ? ', …' : ''})`);
  }
  lines.push(`  skipped: ${skippedText(summary.skipped)}`);
  for (const row of summary.examples.skipped.filter((s) => s.reason === 'invalid').slice(0, 5)) {
    lines.push(`    line ${row.line}: ${row.email || '(empty)'}${row.detail ? ` — ${row.detail}` : ''}`);
  }
  const held = summary.heldBack;
  if (held.unknown > 0) lines.push(`  held back: ${n(held.unknown)} with an unknown outcome from an interrupted run (--resend-unknown sends them again)`);
  if (held.pending > 0) lines.push(`  not part of this run: ${n(held.pending)} not yet sent (run without --resend-unknown to send them)`);
  lines.push('Nothing was sent and nothing was written to the journal.');
  return lines;
}

export interface ReportContext {
  subject: string;
  /** The command to run again, e.g. `newsletter send issues/x.de.yaml --to list.csv`. */
  again: string;
  /** The issue file as the editor named it: `newsletter status <file> --unknown` lists the unknown outcomes. */
  file: string;
  /** What to do about a refused or missing login (send-setup's loginAdvice for the server's URL). */
  loginAdvice?: string;
  /** For a run that paused for a limit or the window: what to say (see send-wait.ts). */
  paused?: string;
}

/** The final report: counts, the top failure reasons, what is left and how to go on. */
export function describeReport(plan: PlanView, report: DeliveryReport, context: ReportContext): string[] {
  const json = reportJson(plan, report);
  const seconds = report.durationMs / 1000;
  const rate = seconds > 0 ? report.sent / seconds : 0;
  const lines = [`"${context.subject}" (${report.issue}) → ${report.destination}`];
  lines.push(`  sent      ${n(json.sent)}`);
  if (json.failed > 0) {
    const bounced = report.failures.filter((f) => f.bounced).length;
    lines.push(`  failed    ${n(json.failed)}${bounced > 0 ? ` (${n(bounced)} hard ${plural(bounced, 'bounce')}: added to the suppression list as bounced)` : ''}`);
    for (const group of failureGroups(report.failures).slice(0, 3)) {
      lines.push(`            ${n(group.count)} × ${group.code}${group.count > 1 ? `, e.g. ${group.example}` : `: ${group.example}`}`);
    }
  }
  if (json.unknown > 0) {
    lines.push(`  unknown   ${n(json.unknown)} (the message went out, but no answer was written down: the connection, the run or the state failed first)`);
  }
  if (json.pending > 0) lines.push(`  pending   ${n(json.pending)}`);
  lines.push(`  skipped   ${skippedText(json.skipped)}`);
  lines.push(`  time      ${seconds.toFixed(1)} s (${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} messages/s)`);
  if (report.recoveredUnknown) lines.push(`  note: ${n(report.recoveredUnknown)} left in "sending" by an earlier run ${report.recoveredUnknown === 1 ? 'is' : 'are'} now counted as unknown`);
  lines.push(...nextSteps(json, report, context));
  return lines;
}

function nextSteps(json: SendJson, report: DeliveryReport, context: ReportContext): string[] {
  const steps: string[] = [];
  switch (report.stoppedBecause) {
    case 'interrupted':
      steps.push(`Stopped on request; the messages in flight were finished and written down. Run the same command again to go on: ${context.again}`);
      break;
    case 'paused':
      steps.push(context.paused ?? `Paused: a limit or the sending window says wait. Run the same command again later: ${context.again}`);
      break;
    case 'too-many-failures':
      steps.push('Paused: too many failures in a row. Check the server and the reasons above, then run the same command again to go on.');
      break;
    case 'auth':
      steps.push(`Stopped: the server refused the login or asked for one. ${upperFirst(context.loginAdvice ?? 'check the user and password in NEWSLETTER_SMTP_URL')}; then run the same command again.`);
      break;
    case 'sender':
      steps.push(
        `Stopped: the server refused the sender address${report.stopReply ? ` ("${report.stopReply}")` : ''}. This is about the From address or the return path, not the readers: nobody was added to the suppression list. ` +
          'Check that the relay lets this login send as that address (for Exchange Online and hosted relays: the sender must be an allowed mailbox or domain), then run the same command again.',
      );
      break;
    case 'tls':
      steps.push('Stopped: the TLS connection failed. Check the server address and port (smtps:// for 465, smtp:// for 587), then run again.');
      break;
    default:
      if (report.stoppedBecause) steps.push(`Stopped (${report.stoppedBecause}). Run the same command again to go on.`);
  }
  if (json.unknown > 0) {
    steps.push(
      `${n(json.unknown)} ${plural(json.unknown, 'reader')} may or may not have the mail. Check the server's log for their Message-IDs (newsletter status ${context.file} --unknown lists them), ` +
        `then send them the same message again with: ${context.again} --resend-unknown`,
    );
  }
  const bounced = report.failures.filter((f) => f.bounced).length;
  const refused = report.failures.length - bounced;
  if (bounced > 0) {
    steps.push(
      `${n(bounced)} hard ${plural(bounced, 'bounce')} (the mailbox does not exist): on the suppression list now, never mailed again; ` +
        '"newsletter subscribers restore ADDRESS" takes a mistaken one off.',
    );
  }
  if (refused > 0) {
    steps.push(`${n(refused)} ${plural(refused, 'reader')} refused for the reasons above: fix the cause, then run the same command again; it tries them once more: ${context.again}`);
  }
  if (json.pending > 0 && !report.stoppedBecause) steps.push(`${n(json.pending)} still pending (deferred by the server); run the same command again later to go on.`);
  if (json.failed + json.unknown + json.pending === 0 && !report.stoppedBecause) steps.push('Done: every planned reader got the issue.');
  return steps;
}

/** Failures with one SMTP code and enhanced status, one reply as the example. */
export interface FailureGroup {
  /** `550 5.1.1`, or `550` without an enhanced status, or the reply itself when it has no code. */
  code: string;
  count: number;
  /** The first reply of the group, as the server wrote it (it usually names the address). */
  example: string;
}

/**
 * Failures grouped by reply code and enhanced status (RFC 3463), most frequent first: five
 * `550 5.1.1 <x@…>: no such user` replies are one group, whatever address each names.
 * `failureGroups([{reply: '550 5.1.1 <a@x.org> unknown'}, {reply: '550 5.1.1 <b@x.org> unknown'}])`
 * → `[{code: '550 5.1.1', count: 2, example: '550 5.1.1 <a@x.org> unknown'}]`
 */
export function failureGroups(failures: readonly { reply: string }[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const { reply } of failures) {
    const match = /^([245]\d\d)(?:[ -]+([245]\.\d{1,3}\.\d{1,3})\b)?/.exec(reply.trim());
    const code = match ? [match[1], match[2]].filter(Boolean).join(' ') : reply.trim();
    const group = groups.get(code) ?? { code, count: 0, example: reply.trim() };
    group.count++;
    groups.set(code, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** What `status` prints for one destination; a paused send's next slot in `timeZone` (the window's). */
export function describeSummary(summary: JournalSummary, options: { timeZone?: string; now?: number } = {}): string[] {
  const lines = [`${summary.issueId} → ${summary.destination}${summary.running ? ` (a send is running: process ${summary.running.pid} since ${summary.running.since})` : ''}`];
  lines.push(`  readers   ${n(summary.recipients)}`);
  lines.push(`  sent      ${n(summary.sent)}`);
  if (summary.failed > 0) lines.push(`  failed    ${n(summary.failed)}${summary.bounced > 0 ? ` (${n(summary.bounced)} hard ${plural(summary.bounced, 'bounce')})` : ''}`);
  if (summary.unknown > 0) lines.push(`  unknown   ${n(summary.unknown)} (settle with send … --resend-unknown)`);
  if (summary.sending > 0) lines.push(`  sending   ${n(summary.sending)}`);
  if (summary.pending > 0) lines.push(`  pending   ${n(summary.pending)}`);
  const last = summary.lastRun;
  if (last) {
    const why = pausedRun(last.stoppedBecause) ? 'paused' : last.stoppedBecause;
    const ended = last.finishedAt ? `finished ${last.finishedAt}${why ? ` (${why})` : ''}` : summary.running ? 'still running' : 'ended without finishing (killed?)';
    lines.push(`  last run  ${last.mode}, started ${last.startedAt}, ${ended}`);
    const paused = pausedRun(last.stoppedBecause);
    if (paused && !summary.running && summary.pending + summary.sending > 0) {
      const due = paused.until <= (options.now ?? Date.now());
      lines.push(
        `  paused    until ${formatResume(paused.until, options.timeZone ?? localTimeZone())}${paused.reason ? ` (${waitReasonText(paused.reason, [])})` : ''}` +
          `; ${due ? 'that time has come: run the same send command again' : 'then run the same send command again'}`,
      );
    }
  }
  return lines;
}

/** The `status --json` document of one destination: the send shape, from the journal alone. */
export function summaryJson(summary: JournalSummary): SendJson {
  return {
    issue: summary.issueId,
    destination: summary.destination,
    recipients: summary.recipients,
    sent: summary.sent,
    failed: summary.failed,
    unknown: summary.unknown,
    pending: summary.pending + summary.sending,
    // the journal knows the readers a send planned, not the list's skipped rows: `send --dry-run` counts those
    skipped: countSkipped([]),
    bounced: summary.bounced,
    sending: summary.sending,
    running: summary.running ?? null,
    ...(summary.lastRun ? { lastRun: summary.lastRun } : {}),
    ...(pausedRun(summary.lastRun?.stoppedBecause) && !summary.running ? { pausedUntil: new Date(pausedRun(summary.lastRun?.stoppedBecause)!.until).toISOString() } : {}),
  };
}

/**
 * The envelope sender line of the dry run, the confirmation and `check`, e.g.
 * `return path: bounces+<token>@news.example.org (a token per message: newsletter bounces matches what comes back)`;
 * undefined without `return_path` (bounces then go to the From address).
 */
export function describeReturnPath(config: Pick<Config, 'return_path' | 'bounces'>): string | undefined {
  const returnPath = returnPathOf(config);
  if (!returnPath) return undefined;
  if (!returnPath.verp) return `return path: ${returnPath.address} (one address for every message; newsletter bounces matches what comes back by Message-ID)`;
  return `return path: ${envelopeSender(returnPath, '<token>')} (a token per message: newsletter bounces matches what comes back)`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

import { issueReport, type IssueCounts, type IssueReport } from '../../bounces/issue-report.js';
import type { JournalEntry, RecipientState } from '../../state/types.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { printJson, say, style } from '../output.js';
import { openCliState, stateLocationOf } from '../state.js';
import { issueIdOf, refuseUnknownIssueFile } from './status.js';

const STATES: RecipientState[] = ['pending', 'sending', 'sent', 'failed', 'unknown'];

/**
 * `newsletter report <issue-file> [--json]`: what became of an issue, per language —
 * sent, failed, unknown, late bounces, complaints, unsubscribes — with the rates and the
 * lines mailbox providers draw. Built from the journal and the suppression list only: no
 * open tracking, no rewritten links.
 */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const file = args[0] as string;
  const id = issueIdOf(file);
  const config = loadConfigOrFail(globals);
  const state = await openCliState(stateLocationOf(config, globals), { existingOnly: true, readOnly: true });
  const reports: IssueReport[] = [];
  if (state) {
    try {
      const suppressions = await state.suppression.list();
      for (const summary of await state.journal.status(id)) {
        const job = state.journal.job(id, summary.destination);
        const rows: JournalEntry[] = [];
        for (const one of STATES) rows.push(...(await job.entries(one)));
        reports.push(issueReport(id, summary.destination, rows, suppressions));
      }
    } finally {
      await state.close();
    }
  }
  if (reports.length === 0) refuseUnknownIssueFile(file, id);
  // a server's numbers first: the outbox is a rehearsal
  reports.sort((a, b) => Number(a.destination.startsWith('outbox:')) - Number(b.destination.startsWith('outbox:')));
  if (options.json) {
    printJson({ issue: id, ...(reports[0] ? reportJson(reports[0]) : {}), destinations: reports.map(reportJson) });
    return 0;
  }
  if (reports.length === 0) {
    say(`Nothing to report: ${id} was not sent yet (no journal rows).`);
    return 0;
  }
  say(reports.map((r) => describeIssueReport(r).join('\n')).join('\n\n'));
  return reports[0].warnings.some((w) => w.severity === 'error') ? 1 : 0;
}

function reportJson(report: IssueReport): Record<string, unknown> {
  return { destination: report.destination, total: report.total, languages: report.languages, rates: report.rates, warnings: report.warnings };
}

const COLUMNS: [keyof IssueCounts, string][] = [
  ['sent', 'sent'],
  ['failed', 'failed'],
  ['unknown', 'unknown'],
  ['lateHard', 'hard'],
  ['lateSoft', 'soft'],
  ['lateBlocked', 'blocked'],
  ['delayed', 'delayed'],
  ['complaints', 'complaints'],
  ['unsubscribed', 'unsubscribed'],
];

/** The report as a small table per language, the rates, and the providers' lines crossed. */
export function describeIssueReport(report: IssueReport): string[] {
  const lines = [`${report.issueId} at ${report.destination}`];
  const width = Math.max(5, ...Object.keys(report.languages).map((l) => l.length));
  lines.push(`  ${''.padEnd(width)}${COLUMNS.map(([, label]) => label.padStart(Math.max(label.length, 6) + 2)).join('')}`);
  const row = (name: string, counts: IssueCounts) =>
    `  ${name.padEnd(width)}${COLUMNS.map(([key, label]) => String(counts[key]).padStart(Math.max(label.length, 6) + 2)).join('')}`;
  for (const lang of Object.keys(report.languages).sort()) lines.push(row(lang, report.languages[lang]));
  if (Object.keys(report.languages).length > 1) lines.push(row('total', report.total));
  const t = report.total;
  lines.push(
    '',
    `  hard bounces ${report.rates.bounces} % of ${t.sent + t.failed} attempted (${t.failedBounced} at the hand-over, ${t.lateHard} later)`,
    `  complaints   ${report.rates.complaints} % of ${t.sent} sent`,
    `  unsubscribes ${report.rates.unsubscribes} % of ${t.sent} sent (from this issue's links and mailto)`,
  );
  for (const w of report.warnings) {
    const text =
      w.rate === 'complaints'
        ? `${w.severity === 'error' ? 'error' : 'warning'}: complaints at ${w.value} % reach the ${w.line} % line: ${w.severity === 'error' ? 'Gmail and Yahoo refuse or junk bulk mail above it; stop and find out why readers mark it as spam' : 'Gmail and Yahoo ask bulk senders to stay below it; make unsubscribing easy and check who is on the list'}`
        : `${w.severity === 'error' ? 'error' : 'warning'}: hard bounces at ${w.value} % reach the ${w.line} % line: ${w.severity === 'error' ? 'providers block senders this far above; clean the list before the next issue' : 'providers start to slow senders down here; the bounced addresses are suppressed now, check where the list came from'}`;
    lines.push(w.severity === 'error' ? style.red(text, process.stdout) : style.yellow(text, process.stdout));
  }
  if (t.lateBlocked > 0) lines.push(`  ${t.lateBlocked} refused for the sender's reputation or policy (5.7.x): check the relay, SPF and DKIM; those readers stay subscribed`);
  return lines;
}

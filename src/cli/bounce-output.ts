/** What `newsletter bounces` tells the editor, as text and as `--json`. */
import type { BounceAction } from '../bounces/decide.js';
import type { BounceReport, MessageResult } from '../bounces/process.js';
import { plural } from './output.js';

const LINES: [BounceAction, string, (n: number, dry: boolean) => string][] = [
  ['bounced', 'hard bounces', (_n, dry) => `${dry ? 'would be ' : ''}suppressed as bounced`],
  ['complained', 'complaints', (_n, dry) => `${dry ? 'would be ' : ''}suppressed as complained`],
  ['unsubscribed', 'unsubscribes', (_n, dry) => `by mail, ${dry ? 'would be ' : ''}suppressed as unsubscribed`],
  ['soft-limit', 'soft, at limit', (_n, dry) => `soft bounces in too many issues in a row: ${dry ? 'would be ' : ''}suppressed as bounced`],
  ['soft', 'soft bounces', () => 'counted on the journal; suppressed only after bounces.soft_limit issues in a row'],
  ['delayed', 'delayed', () => 'counted on the journal; the server still tries'],
  ['sender', 'sender problems', () => "blocks of the sender (5.7.x, 5.1.7, 5.1.8): not the readers' fault, nobody suppressed"],
  ['delivered', 'delivered', () => 'success notices'],
  ['left-alone', 'left alone', () => 'auto-replies and replies: untouched'],
  ['unmatched', 'unmatched', () => 'about no message the journal sent: untouched'],
];

/** The text report of a run. */
export function describeBounces(report: BounceReport, processedFolder: string): string[] {
  const dry = report.dryRun;
  const lines = [`${dry ? 'Dry run: nothing written, nothing moved. ' : ''}Read ${report.messages.length} ${plural(report.messages.length, 'message')} from ${report.source}.`];
  for (const [action, label, explain] of LINES) {
    const n = report.counts[action];
    if (n > 0) lines.push(`  ${label.padEnd(16)}${String(n).padStart(5)}  ${explain(n, dry)}`);
  }
  const acted = report.messages.filter((m) => m.issueId && m.action !== 'left-alone' && m.action !== 'unmatched');
  if (acted.length > 0) {
    lines.push('', 'Readers:');
    for (const m of acted) lines.push(`  ${m.email}  ${m.issueId}  ${m.why}${m.guessed ? ' (guessed from a non-standard bounce)' : ''}${m.changed || dry ? '' : ' (already recorded)'}`);
  }
  const senderProblems = report.messages.filter((m) => m.action === 'sender');
  if (senderProblems.length > 0) {
    lines.push('', 'Sender problems (check the relay, SPF, DKIM and the sending reputation; the readers stay subscribed):');
    for (const m of senderProblems) lines.push(`  ${m.email}: ${[m.status, m.diagnostic].filter(Boolean).join(' ')}`);
  }
  const untouched = report.messages.filter((m) => m.action === 'left-alone' || m.action === 'unmatched');
  if (untouched.length > 0) {
    lines.push('', `Left where ${untouched.length === 1 ? 'it is' : 'they are'}, unread:`);
    for (const m of untouched) lines.push(`  ${describeMessage(m)}: ${m.why}`);
  }
  if (!dry) {
    const changed = report.changed;
    lines.push('', report.moved > 0 ? `Moved ${report.moved} processed ${plural(report.moved, 'message')} to ${processedFolder}.` : '', changed === 0 ? 'Nothing new: the state already knew all of this.' : `${changed} ${plural(changed, 'message')} changed the state.`);
  }
  return lines.filter((line, i, all) => !(line === '' && (i === all.length - 1 || all[i + 1] === '')));
}

function describeMessage(m: MessageResult): string {
  const parts = [m.id];
  if (m.from) parts.push(`from ${m.from}`);
  if (m.subject) parts.push(`"${m.subject}"`);
  return parts.join(' ');
}

/** The `--json` document. */
export function bouncesJson(report: BounceReport): unknown {
  return {
    source: report.source,
    dry_run: report.dryRun,
    read: report.messages.length,
    counts: report.counts,
    changed: report.changed,
    moved: report.moved,
    messages: report.messages,
  };
}

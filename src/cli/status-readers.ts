/**
 * `status --unknown` / `--failed`: the readers with that outcome, per destination, read from
 * the journal a page at a time and printed as they come, so a million rows never sit in memory.
 */
import type { JournalEntry, JournalSummary, RecipientState, StateStore } from '../state/types.js';
import { jsonText, plural, writeStreamed } from './output.js';

/** The outcomes `status` can list, in the order they are printed. */
export type ListedOutcome = 'unknown' | 'failed';

const n = (value: number) => value.toLocaleString('en-US');

/** One reader of the listing as `status --json` gives it. */
export function readerJson(entry: JournalEntry) {
  return {
    destination: entry.destination,
    state: entry.state,
    email: entry.email,
    messageId: entry.messageId ?? null,
    reply: entry.reply ?? null,
    handedAt: entry.handedAt !== undefined ? new Date(entry.handedAt).toISOString() : null,
    updatedAt: entry.updatedAt,
  };
}

/** `  anna@example.org  <id@news.example.org>  2026-11-29T19:40:01.000Z  550 5.1.1 no such user`: one line per reader. */
export function readerLine(entry: JournalEntry): string {
  const at = entry.handedAt !== undefined ? new Date(entry.handedAt).toISOString() : entry.updatedAt;
  const reply = (entry.reply ?? '').replace(/\s*[\r\n]+\s*/g, ' ');
  return `  ${entry.email}  ${entry.messageId ?? '(no Message-ID)'}  ${at}  ${reply}`.trimEnd();
}

function heading(summary: JournalSummary, outcome: ListedOutcome, againCommand: string): string {
  const count = summary[outcome];
  const where = `${summary.issueId} → ${summary.destination}`;
  if (outcome === 'unknown') {
    return `${where}: ${n(count)} ${plural(count, 'reader')} with an unknown outcome (look their Message-IDs up in the server's log; ${againCommand} --resend-unknown sends them the same message again)`;
  }
  return `${where}: ${n(count)} failed${summary.bounced > 0 ? ` (${n(summary.bounced)} hard ${plural(summary.bounced, 'bounce')}: on the suppression list)` : ''}`;
}

/** The text listing: a heading per destination and outcome, then one line per reader. Returns how many were listed. */
export async function printReaders(state: StateStore, summaries: readonly JournalSummary[], outcomes: readonly ListedOutcome[], againCommand: string): Promise<number | 'reader-gone'> {
  let listed = 0;
  for (const summary of summaries) {
    for (const outcome of outcomes) {
      if (summary[outcome] === 0) continue;
      if (!(await writeStreamed(`${listed > 0 ? '\n' : ''}${heading(summary, outcome, againCommand)}\n`))) return 'reader-gone';
      let page = '';
      let lines = 0;
      for await (const entry of state.journal.recipientsIn(summary.issueId, summary.destination, [outcome])) {
        page += `${readerLine(entry)}\n`;
        listed++;
        // a few hundred lines per write: few system calls, little memory
        if (++lines === 256) {
          if (!(await writeStreamed(page))) return 'reader-gone';
          page = '';
          lines = 0;
        }
      }
      if (page && !(await writeStreamed(page))) return 'reader-gone';
    }
  }
  return listed;
}

/**
 * The `--json` document with `readers` streamed as its last key: `head` is printed first,
 * then each reader of each destination as one compact array element.
 */
export async function printReadersJson(state: StateStore, head: Record<string, unknown>, summaries: readonly JournalSummary[], outcomes: readonly ListedOutcome[]): Promise<void> {
  const opening = jsonText({ ...head, readers: [] }).replace(/"readers": \[\]\n\}$/, '"readers": [');
  if (!(await writeStreamed(opening, true))) return;
  let first = true;
  const states: RecipientState[] = [...outcomes];
  for (const summary of summaries) {
    if (outcomes.every((outcome) => summary[outcome] === 0)) continue;
    let page = '';
    let lines = 0;
    for await (const entry of state.journal.recipientsIn(summary.issueId, summary.destination, states)) {
      page += `${first ? '' : ','}\n    ${jsonText(readerJson(entry), 0)}`;
      first = false;
      if (++lines === 256) {
        if (!(await writeStreamed(page, true))) return;
        page = '';
        lines = 0;
      }
    }
    if (page && !(await writeStreamed(page, true))) return;
  }
  await writeStreamed(`${first ? '' : '\n  '}]\n}\n`, true);
}

import { suppressionKind, type JournalEntry, type SuppressionEntry } from '../state/types.js';
import { countsAsSoft } from './decide.js';

/** One language's (or the total's) numbers of an issue at one destination. */
export interface IssueCounts {
  /** Rows in the journal: readers planned. */
  recipients: number;
  /** Accepted by the server. */
  sent: number;
  /** Refused at the hand-over (hard bounces among them). */
  failed: number;
  /** Refused at the hand-over as "mailbox does not exist". */
  failedBounced: number;
  unknown: number;
  pending: number;
  /** Came back later: the mailbox does not exist (hard bounce). */
  lateHard: number;
  /** Came back later as a temporary failure. */
  lateSoft: number;
  /** Came back later: refused for the sender's reputation or policy (5.7.x). */
  lateBlocked: number;
  delayed: number;
  complaints: number;
  /** Unsubscribes from this issue's links (mailto, and links that know their issue). */
  unsubscribed: number;
}

/** Rates in percent of what the server accepted (bounces: of what was attempted). */
export interface IssueRates {
  /** Hard bounces (at the hand-over and later) per attempted message. */
  bounces: number;
  complaints: number;
  unsubscribes: number;
}

/** Where mailbox providers draw their lines; a warning names the line crossed. */
export interface RateWarning {
  rate: 'bounces' | 'complaints';
  value: number;
  line: number;
  severity: 'warning' | 'error';
}

export interface IssueReport {
  issueId: string;
  destination: string;
  languages: Record<string, IssueCounts>;
  total: IssueCounts;
  rates: IssueRates;
  warnings: RateWarning[];
}

/**
 * Complaint rates Gmail and Yahoo name for bulk senders (stay under 0.1 %, never reach
 * 0.3 %), and bounce rates at which providers and ESPs start throttling (about 2 %) and
 * blocking (about 5 %).
 */
export const LINES = { complaints: [0.1, 0.3], bounces: [2, 5] } as const;

function zero(): IssueCounts {
  return { recipients: 0, sent: 0, failed: 0, failedBounced: 0, unknown: 0, pending: 0, lateHard: 0, lateSoft: 0, lateBlocked: 0, delayed: 0, complaints: 0, unsubscribed: 0 };
}

/**
 * What became of an issue at one destination, per language, from its journal rows and the
 * suppression entries that name it; pure.
 */
export function issueReport(issueId: string, destination: string, rows: JournalEntry[], suppressions: SuppressionEntry[]): IssueReport {
  const languages: Record<string, IssueCounts> = {};
  const total = zero();
  const langOf = new Map<string, string>();
  const add = (lang: string, change: (c: IssueCounts) => void) => {
    change((languages[lang] ??= zero()));
    change(total);
  };
  for (const row of rows) {
    langOf.set(row.key, row.lang);
    add(row.lang, (c) => {
      c.recipients++;
      if (row.state === 'sent') c.sent++;
      else if (row.state === 'failed') {
        c.failed++;
        if (row.bounced) c.failedBounced++;
      } else if (row.state === 'unknown' || row.state === 'sending') c.unknown++;
      else c.pending++;
      const late = row.late?.outcome;
      if (late === 'bounced') c.lateHard++;
      else if (late === 'complained') c.complaints++;
      else if (late === 'delayed') c.delayed++;
      else if (late === 'soft_bounced') {
        if (countsAsSoft(row.late)) c.lateSoft++;
        else c.lateBlocked++;
      }
    });
  }
  for (const entry of suppressions) {
    if (entry.issueId !== issueId || suppressionKind(entry.reason) !== 'unsubscribed') continue;
    const lang = langOf.get(entry.key);
    if (lang) add(lang, (c) => c.unsubscribed++);
  }
  const percent = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100_000) / 1000);
  const rates: IssueRates = {
    bounces: percent(total.failedBounced + total.lateHard, total.sent + total.failed),
    complaints: percent(total.complaints, total.sent),
    unsubscribes: percent(total.unsubscribed, total.sent),
  };
  const warnings: RateWarning[] = [];
  for (const rate of ['complaints', 'bounces'] as const) {
    const [warn, stop] = LINES[rate];
    if (rates[rate] >= stop) warnings.push({ rate, value: rates[rate], line: stop, severity: 'error' });
    else if (rates[rate] >= warn) warnings.push({ rate, value: rates[rate], line: warn, severity: 'warning' });
  }
  return { issueId, destination, languages, total, rates, warnings };
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkIsoDate } from './answers.js';
import { issueIdFor } from './init-plan.js';

/** What `new` learns from one issue already in `issues/`. */
export interface KnownIssue {
  id: string;
  number: number;
  date?: string;
  languages: string[];
}

/** What `new` proposes; every value can still be changed by a flag or an answer. */
export interface IssueProposal {
  number: number;
  date: string;
  id: string;
  languages: string[];
  /** The issue the proposal follows, when there is one. */
  after?: KnownIssue;
}

/** `2020-12-nr34.de.yaml` → id `2020-12-nr34`, lang `de`; `x.yaml` → id `x`. */
function splitFileName(name: string): { id: string; lang?: string } | undefined {
  const match = /^([a-z0-9][a-z0-9-]*)(?:\.([A-Za-z0-9-]+))?\.ya?ml$/.exec(name);
  return match ? { id: match[1], lang: match[2] } : undefined;
}

/**
 * The issues in `issuesDir` by id, read leniently: a file that does not parse or has no
 * number is passed over (validate is where it gets reported, not here).
 */
export function readKnownIssues(issuesDir: string, defaultLanguage: string): KnownIssue[] {
  if (!existsSync(issuesDir)) return [];
  const byId = new Map<string, KnownIssue>();
  for (const name of readdirSync(issuesDir).sort()) {
    const parts = splitFileName(name);
    if (!parts) continue;
    let data: unknown;
    try {
      data = parse(readFileSync(join(issuesDir, name), 'utf8'));
    } catch {
      continue;
    }
    if (typeof data !== 'object' || data === null) continue;
    const { number, date } = data as { number?: unknown; date?: unknown };
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) continue;
    const known = byId.get(parts.id) ?? { id: parts.id, number, languages: [] };
    if (number > known.number) known.number = number;
    if (typeof date === 'string' && checkIsoDate(date) === undefined && (!known.date || date > known.date)) known.date = date;
    known.languages.push(parts.lang ?? defaultLanguage);
    byId.set(parts.id, known);
  }
  return [...byId.values()];
}

/** The newest of `issues`: the highest number, then the latest date. */
export function newestIssue(issues: readonly KnownIssue[]): KnownIssue | undefined {
  return [...issues].sort((a, b) => b.number - a.number || (b.date ?? '').localeCompare(a.date ?? ''))[0];
}

/** `addMonths('2021-01-31', 1)` → `2021-02-28`: the same day next month, or its last day. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** A local date as `YYYY-MM-DD`. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The next issue after the newest one: number + 1; one month after its date, or `today`
 * when that day has passed; the newest issue's languages that the project still lists
 * (in the project's order), else all the project's. Without any issue: number 1, today.
 */
export function proposeNextIssue(issues: readonly KnownIssue[], projectLanguages: readonly string[], today: string): IssueProposal {
  const after = newestIssue(issues);
  const number = after ? after.number + 1 : 1;
  const followUp = after?.date ? addMonths(after.date, 1) : today;
  const date = followUp < today ? today : followUp;
  // only languages the config still lists: the issue loader rejects any other
  const kept = after ? projectLanguages.filter((lang) => after.languages.some((l) => l.toLowerCase() === lang.toLowerCase())) : [];
  const languages = kept.length > 0 ? kept : [...projectLanguages];
  return { number, date, id: issueIdFor(date, number), languages, after };
}

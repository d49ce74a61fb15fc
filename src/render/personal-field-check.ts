/**
 * Personal fields held against the list that will fill them: a field that is neither a
 * reader field the tool knows nor a column of the list comes out empty in every mail
 * ("Hallo ,"), so it is an error; a field printed without a default that some readers leave
 * empty is a warning with the count.
 */
import type { Problem } from '../errors.js';
import type { Issue } from '../issue/types.js';
import { didYouMean } from '../source/did-you-mean.js';
import { matchLanguage } from '../subscribers/match-language.js';
import { normalizeFieldName, type Subscriber, type SubscriberList } from '../subscribers/types.js';
import { personalValuesFor } from './personalize.js';

/** The reader fields every list has, whatever its columns are called (`Vorname` is `first_name`). */
export const READER_FIELDS: readonly string[] = ['name', 'first_name', 'last_name', 'salutation', 'language', 'email'];

/** Which readers get which language: for counting empty values among the readers of one language file. */
export interface LanguageChoice {
  languages: string[];
  defaultLanguage: string;
}

/**
 * Located problems for every personal field of `issue` that `list` cannot fill.
 * @example checkPersonalFields(issue, list, { languages: ['de', 'en'], defaultLanguage: 'de' })
 */
export function checkPersonalFields(issue: Issue, list: Pick<SubscriberList, 'file' | 'columns' | 'subscribers'>, choice?: LanguageChoice): Problem[] {
  const tally = new PersonalFieldTally([issue], choice);
  for (const subscriber of list.subscribers) tally.add(subscriber);
  return tally.problems(list);
}

/**
 * checkPersonalFields for a list that streams past: `columnProblems` as soon as the header
 * is known (a field no column fills: stop before reading on), `add` per distinct reader, and
 * `problems` at the end with the counts of readers who leave a field empty. Holds counts only.
 */
export class PersonalFieldTally {
  /** Per issue: its readers, and per field key how many leave it empty. */
  private readonly counts: { readers: number; empty: Map<string, number> }[];
  private readonly keys: string[][];

  constructor(
    private readonly issues: readonly Issue[],
    private readonly choice?: LanguageChoice,
  ) {
    this.keys = issues.map((issue) => [...new Set((issue.personalFields ?? []).filter((ref) => !ref.hasDefault && !ref.guarded).map((ref) => normalizeFieldName(ref.field)))]);
    this.counts = issues.map((_, i) => ({ readers: 0, empty: new Map(this.keys[i].map((key) => [key, 0])) }));
  }

  /** The errors the columns alone decide: fields that are neither a column nor a reader field. */
  columnProblems(list: Pick<SubscriberList, 'file' | 'columns'>): Problem[] {
    return this.issues.flatMap((issue) => unknownFields(issue, list));
  }

  /** Counts one distinct reader. */
  add(subscriber: Subscriber): void {
    let values: Record<string, string> | undefined;
    this.issues.forEach((issue, i) => {
      if (this.keys[i].length === 0 && this.choice) return;
      if (this.choice && matchLanguage(subscriber.language, this.choice.languages, this.choice.defaultLanguage).toLowerCase() !== issue.lang.toLowerCase()) return;
      const count = this.counts[i];
      count.readers++;
      if (this.keys[i].length === 0) return;
      values ??= personalValuesFor(subscriber, '').fields;
      for (const key of this.keys[i]) if ((values[key] ?? '').trim() === '') count.empty.set(key, count.empty.get(key)! + 1);
    });
  }

  /** Every problem: the column errors, then a warning per field some readers leave empty. */
  problems(list: Pick<SubscriberList, 'file' | 'columns'>): Problem[] {
    return this.issues.flatMap((issue, i) => {
      const problems = unknownFields(issue, list);
      if (problems.length === (issue.personalFields ?? []).length) return problems;
      const known = knownFields(list);
      const listName = nameOf(list);
      const { readers, empty } = this.counts[i];
      const counted = new Set<string>();
      for (const ref of issue.personalFields ?? []) {
        const key = normalizeFieldName(ref.field);
        if (!known.has(key) || ref.hasDefault || ref.guarded || counted.has(key)) continue;
        counted.add(key);
        const none = empty.get(key) ?? 0;
        if (none === 0) continue;
        problems.push({
          file: ref.file,
          line: ref.line,
          column: ref.column,
          severity: 'warning',
          message: `"subscriber.${ref.field}" is empty for ${none} of ${readers} ${issue.lang} ${readers === 1 ? 'reader' : 'readers'} of ${listName}: they see nothing there`,
          hint: `give it a default, {{subscriber.${ref.field} "…"}}, or choose the text with {{#if subscriber.${ref.field}}}…{{else}}…{{/if}}`,
        });
      }
      return problems;
    });
  }
}

function nameOf(list: Pick<SubscriberList, 'file'>): string {
  return list.file.split(/[\\/]/).pop() ?? list.file;
}

function knownFields(list: Pick<SubscriberList, 'columns'>): Set<string> {
  return new Set([...READER_FIELDS, ...(list.columns ?? [])].map(normalizeFieldName));
}

/** An error per personal field of `issue` that no column of the list and no reader field fills. */
function unknownFields(issue: Issue, list: Pick<SubscriberList, 'file' | 'columns'>): Problem[] {
  const columns = list.columns ?? [];
  const known = knownFields(list);
  const candidates = [...READER_FIELDS, ...columns.map((c) => c.trim().toLowerCase().replace(/[\s-]+/g, '_'))];
  const problems: Problem[] = [];
  for (const ref of issue.personalFields ?? []) {
    if (known.has(normalizeFieldName(ref.field))) continue;
    const guess = didYouMean(ref.field, candidates);
    problems.push({
      file: ref.file,
      line: ref.line,
      column: ref.column,
      severity: 'error',
      message: `"subscriber.${ref.field}" is not a column of ${nameOf(list)} nor a reader field: it would be empty in every mail`,
      hint: `${guess ? `did you mean "subscriber.${guess}"? ` : ''}the list's columns are ${columns.join(', ') || 'none'}; every list also knows ${READER_FIELDS.join(', ')}`,
    });
  }
  return problems;
}

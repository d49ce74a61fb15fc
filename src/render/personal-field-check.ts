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
import { normalizeFieldName, type SubscriberList } from '../subscribers/types.js';
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
  const refs = issue.personalFields ?? [];
  if (refs.length === 0) return [];
  const columns = list.columns ?? [];
  const known = new Set([...READER_FIELDS, ...columns].map(normalizeFieldName));
  const candidates = [...READER_FIELDS, ...columns.map((c) => c.trim().toLowerCase().replace(/[\s-]+/g, '_'))];
  const listName = list.file.split(/[\\/]/).pop() ?? list.file;
  const problems: Problem[] = [];
  const readers = choice ? list.subscribers.filter((s) => matchLanguage(s.language, choice.languages, choice.defaultLanguage).toLowerCase() === issue.lang.toLowerCase()) : list.subscribers;
  const counted = new Set<string>();

  for (const ref of refs) {
    const key = normalizeFieldName(ref.field);
    if (!known.has(key)) {
      const guess = didYouMean(ref.field, candidates);
      problems.push({
        file: ref.file,
        line: ref.line,
        column: ref.column,
        severity: 'error',
        message: `"subscriber.${ref.field}" is not a column of ${listName} nor a reader field: it would be empty in every mail`,
        hint: `${guess ? `did you mean "subscriber.${guess}"? ` : ''}the list's columns are ${columns.join(', ') || 'none'}; every list also knows ${READER_FIELDS.join(', ')}`,
      });
      continue;
    }
    if (ref.hasDefault || ref.guarded || counted.has(key)) continue;
    counted.add(key);
    const empty = readers.filter((s) => (personalValuesFor(s, '').fields[key] ?? '').trim() === '').length;
    if (empty === 0) continue;
    problems.push({
      file: ref.file,
      line: ref.line,
      column: ref.column,
      severity: 'warning',
      message: `"subscriber.${ref.field}" is empty for ${empty} of ${readers.length} ${issue.lang} ${readers.length === 1 ? 'reader' : 'readers'} of ${listName}: they see nothing there`,
      hint: `give it a default, {{subscriber.${ref.field} "…"}}, or choose the text with {{#if subscriber.${ref.field}}}…{{else}}…{{/if}}`,
    });
  }
  return problems;
}

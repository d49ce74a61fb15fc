import { matchLanguage } from './match-language.js';
import type { Subscriber } from './types.js';

/** One `language` value no configured language matches, and the rows that carry it. */
export interface UnknownLanguage {
  /** As written in the list (`Englisch`). */
  value: string;
  count: number;
  /** File lines (header = line 1), in file order. */
  lines: number[];
}

/**
 * `language` values that match none of `languages` (by matchLanguage: `en-GB` matches
 * `en`), most frequent first. An empty cell is not listed: it asks for the default.
 * `unknownLanguages([{language: 'Englisch', line: 4}], ['de', 'en'])` →
 * `[{value: 'Englisch', count: 1, lines: [4]}]`
 */
export function unknownLanguages(readers: readonly Pick<Subscriber, 'language' | 'line'>[], languages: readonly string[]): UnknownLanguage[] {
  const byValue = new Map<string, UnknownLanguage>();
  for (const reader of readers) {
    const value = reader.language?.trim();
    if (!value || matchLanguage(value, [...languages], '') !== '') continue;
    const entry = byValue.get(value) ?? { value, count: 0, lines: [] };
    entry.count++;
    entry.lines.push(reader.line);
    byValue.set(value, entry);
  }
  return [...byValue.values()].sort((a, b) => b.count - a.count || a.lines[0] - b.lines[0]);
}

import { matchLanguage } from './match-language.js';
import type { Subscriber } from './types.js';

/** One `language` value no configured language matches, and the rows that carry it. */
export interface UnknownLanguage {
  /** As written in the list (`Englisch`). */
  value: string;
  count: number;
  /** The first file lines (header = line 1) that carry it, in file order: at most LINES_KEPT. */
  lines: number[];
}

/** Lines kept per value, and distinct values kept: a list of a million rows is summed up, not copied. */
export const LINES_KEPT = 20;
const VALUES_KEPT = 100;

/**
 * unknownLanguages for a list that streams past: `add` each reader, `result` at the end.
 * Keeps counts, the first LINES_KEPT lines per value and at most 100 distinct values.
 */
export class UnknownLanguageTally {
  private readonly byValue = new Map<string, UnknownLanguage>();

  constructor(private readonly languages: readonly string[]) {}

  add(reader: Pick<Subscriber, 'language' | 'line'>): void {
    const value = reader.language?.trim();
    if (!value) return;
    const known = this.byValue.get(value);
    if (known) {
      known.count++;
      if (known.lines.length < LINES_KEPT) known.lines.push(reader.line);
      return;
    }
    if (this.byValue.size >= VALUES_KEPT || matchLanguage(value, [...this.languages], '') !== '') return;
    this.byValue.set(value, { value, count: 1, lines: [reader.line] });
  }

  /** Most frequent first. */
  result(): UnknownLanguage[] {
    return [...this.byValue.values()].sort((a, b) => b.count - a.count || a.lines[0] - b.lines[0]);
  }
}

/**
 * `language` values that match none of `languages` (by matchLanguage: `en-GB` matches
 * `en`), most frequent first. An empty cell is not listed: it asks for the default.
 * `unknownLanguages([{language: 'Englisch', line: 4}], ['de', 'en'])` →
 * `[{value: 'Englisch', count: 1, lines: [4]}]`
 */
export function unknownLanguages(readers: readonly Pick<Subscriber, 'language' | 'line'>[], languages: readonly string[]): UnknownLanguage[] {
  const tally = new UnknownLanguageTally(languages);
  for (const reader of readers) tally.add(reader);
  return tally.result();
}

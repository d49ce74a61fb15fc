/**
 * What `init` and `new` ask for, and the checks an answer must pass. Each check returns
 * undefined when the value is fine, else a short reason: the same text serves the prompt's
 * inline validation and the error for a bad flag. The rules are the config's and the issue
 * file's own, so an answer `init` or `new` takes is one the next command accepts.
 */
import { parseAddress } from '../config/address.js';
import { baseUrlFault, cleanBaseUrl } from '../config/config-checks.js';
import { ISSUE_ID, MAX_HEADER_TEXT } from '../issue/schema.js';
import { describeImpossibleDate } from '../source/dates.js';
import { ISO_DATE, LANGUAGE_TAG, ONE_LINE } from '../source/fields.js';

export { cleanBaseUrl };

/** The four answers `init` needs to write a project. */
export interface ProjectAnswers {
  name: string;
  from: string;
  baseUrl: string;
  languages: string[];
}

/** What `init --yes` takes when a flag is missing. */
export const DEFAULT_ANSWERS: ProjectAnswers = {
  name: 'Our Newsletter',
  from: 'Our Newsletter <newsletter@example.org>',
  baseUrl: 'https://newsletter.example.org',
  languages: ['en'],
};

export function checkName(value: string): string | undefined {
  if (value.trim() === '') return 'the name must not be empty';
  if (!ONE_LINE.test(value)) return 'the name must be one line';
  return undefined;
}

/** `news@example.org` or `City Network <news@example.org>`. */
export function checkFrom(value: string): string | undefined {
  if (!parseAddress(value)) {
    return `expected an address like "City Network <news@example.org>", got "${value}"`;
  }
  return undefined;
}

/** An absolute http(s) URL; a trailing slash is dropped by `cleanBaseUrl`. */
export function checkBaseUrl(value: string): string | undefined {
  switch (baseUrlFault(value.trim())) {
    case 'not-a-url':
      return `expected a URL like https://newsletter.example.org, got "${value}"`;
    case 'not-http':
      return `expected an https:// (or http://) URL, got "${value}"`;
    case 'query-or-fragment':
      return `the base URL cannot have a query or fragment, got "${value}"`;
    default:
      return undefined;
  }
}

/** `de`, `en`, `pt-BR`. */
export function checkLanguageTag(value: string): string | undefined {
  return LANGUAGE_TAG.test(value) ? undefined : `"${value}" is not a language tag like de, en or pt-BR`;
}

/** `de,en` or `de en` into `['de', 'en']`, duplicates dropped. */
export function splitLanguages(value: string): string[] {
  const tags = value.split(/[\s,;]+/).filter((tag) => tag !== '');
  return [...new Set(tags)];
}

export function checkLanguages(value: string): string | undefined {
  const tags = splitLanguages(value);
  if (tags.length === 0) return 'name at least one language, e.g. de or de,en';
  for (const tag of tags) {
    const problem = checkLanguageTag(tag);
    if (problem) return problem;
  }
  return undefined;
}

/** An issue id as file names use it: `2020-12-nr34`. */
export function checkIssueId(value: string): string | undefined {
  return ISSUE_ID.test(value)
    ? undefined
    : `"${value}" is not an issue id: use lower-case letters, digits and "-", e.g. 2021-01-nr35`;
}

/** `YYYY-MM-DD`, a day that exists. */
export function checkIsoDate(value: string): string | undefined {
  if (!ISO_DATE.test(value)) return `expected a date as YYYY-MM-DD, e.g. 2021-01-15, got "${value}"`;
  const impossible = describeImpossibleDate(value);
  return impossible ? `${value} is not a day of the calendar` : undefined;
}

/** A whole number of at least 1, as a string from a prompt or flag. */
export function checkIssueNumber(value: string): string | undefined {
  return /^[1-9]\d{0,8}$/.test(value.trim()) ? undefined : `expected a whole number of at least 1, got "${value}"`;
}

/** An issue's subject as the issue file takes it: one line, at most 200 characters. */
export function checkSubject(value: string): string | undefined {
  if (!ONE_LINE.test(value)) return 'the subject must be one line';
  if (value.trim().length > MAX_HEADER_TEXT) return `the subject must be at most ${MAX_HEADER_TEXT} characters, got ${value.trim().length}`;
  return undefined;
}

/**
 * What `init` and `new` ask for, and the checks an answer must pass. Each check returns
 * undefined when the value is fine, else a short reason: the same text serves the prompt's
 * inline validation and the error for a bad flag.
 */

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

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const ISSUE_ID = /^[a-z0-9][a-z0-9-]*$/;
const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const MAILBOX = /^(?:"?([^"<>\r\n]*?)"?\s*)?<([^<>\s]+)>$/;

export function checkName(value: string): string | undefined {
  if (value.trim() === '') return 'the name must not be empty';
  if (/[\r\n]/.test(value)) return 'the name must be one line';
  return undefined;
}

/** `news@example.org` or `City Network <news@example.org>`. */
export function checkFrom(value: string): string | undefined {
  const text = value.trim();
  const mailbox = MAILBOX.exec(text);
  const address = mailbox ? mailbox[2] : text;
  if (/[\r\n]/.test(value) || !ADDRESS.test(address)) {
    return `expected an address like "City Network <news@example.org>", got "${value}"`;
  }
  return undefined;
}

/** An absolute http(s) URL; a trailing slash is dropped by `cleanBaseUrl`. */
export function checkBaseUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `expected a URL like https://newsletter.example.org, got "${value}"`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `expected an https:// (or http://) URL, got "${value}"`;
  }
  if (url.search || url.hash) return `the base URL cannot have a query or fragment, got "${value}"`;
  return undefined;
}

export function cleanBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
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
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const bad = `expected a date as YYYY-MM-DD, e.g. 2021-01-15, got "${value}"`;
  if (!match) return bad;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `${value} is not a day of the calendar`;
  }
  return undefined;
}

/** A whole number of at least 1, as a string from a prompt or flag. */
export function checkIssueNumber(value: string): string | undefined {
  return /^[1-9]\d{0,8}$/.test(value.trim()) ? undefined : `expected a whole number of at least 1, got "${value}"`;
}

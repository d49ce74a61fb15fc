/**
 * Reading issue files: one file → `Issue`, a language set → `IssueSet`. Every problem of
 * every file comes back located; nothing throws for bad input.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isMap, isSeq } from 'yaml';
import { hasErrors, type Checked, type Problem } from '../errors.js';
import type { Config } from '../config/types.js';
import { checkImageSource, checkTextContent } from './content-checks.js';
import { describeBadFileName, parseIssueFileName } from './file-name.js';
import { ISO_DATE, issueSchema, type IssueFileItem } from './schema.js';
import { schemaProblems } from './schema-problems.js';
import { SECTION_KEYS, type Issue, type IssueItem, type IssueSet } from './types.js';
import { locate, problemAt, readYaml, type YamlSource } from './yaml-source.js';

export { parseIssueFileName } from './file-name.js';

/** Drops `key:` lines left empty, so an empty optional field reads as absent. */
export function withoutEmptyFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyFields);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== null && inner !== undefined) out[key] = withoutEmptyFields(inner);
    return out;
  }
  return value;
}

/** Problems for a file that holds no mapping of fields; undefined when it does. */
export function checkTopLevel(source: YamlSource, what: string): Problem | undefined {
  const contents = source.doc.contents;
  if (contents === null || (contents as { value?: unknown }).value === null) {
    return { file: source.display, line: 1, column: 1, message: `the file is empty; expected ${what}`, severity: 'error' };
  }
  if (!isMap(contents)) {
    const found = isSeq(contents) ? 'a list' : 'a single value';
    return problemAt(source, [], `expected ${what} as "key: value" lines, found ${found}`);
  }
  return undefined;
}

/**
 * Reads and checks one issue file (the path as the user gave it) against the format and `config`.
 * @example const { value, problems } = await loadIssue('issues/2020-12-nr34.de.yaml', config)
 */
export async function loadIssue(file: string, config: Config): Promise<Checked<Issue>> {
  const absolute = resolve(file);
  const problems: Problem[] = [];
  const name = parseIssueFileName(file);
  if (!name) problems.push({ file, line: 1, column: 1, severity: 'error', ...describeBadFileName(file) });

  const read = await readYaml(absolute, file);
  problems.push(...read.problems);
  if (!read.source || !read.bytes || read.problems.length > 0) return { problems };
  const source = read.source;

  const topLevel = checkTopLevel(source, 'an issue: fields such as number, date, subject and the sections');
  if (topLevel) return { problems: [...problems, topLevel] };

  const raw = withoutEmptyFields(source.doc.toJS()) as Record<string, unknown>;
  const parsed = issueSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) problems.push(...schemaProblems(source, parsed.error.issues, issueSchema));
  problems.push(...checkTextContent(source));

  const written = typeof raw.language === 'string' ? raw.language : undefined;
  const lang = resolveLanguage(source, name?.lang, written, config, problems);
  const baseDir = dirname(absolute);
  problems.push(...checkSections(source, raw, baseDir));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);

  if (!parsed.success || !name || hasErrors(problems)) return { problems };
  const data = parsed.data;
  const issue: Issue = {
    id: name.id,
    lang,
    file: absolute,
    number: data.number,
    date: data.date,
    subject: data.subject,
    preheader: data.preheader,
    intro: data.intro,
    signoff: data.signoff,
    headings: { ...data.headings },
    sections: Object.fromEntries(SECTION_KEYS.map((key) => [key, (data[key] ?? []).map((item) => toIssueItem(item, baseDir))])) as Issue['sections'],
    contentHash: createHash('sha256').update(read.bytes).digest('hex'),
  };
  for (const key of ['preheader', 'intro', 'signoff'] as const) if (issue[key] === undefined) delete issue[key];
  fieldPositions.set(issue, { number: locate(source, ['number']), date: locate(source, ['date']) });
  return { value: issue, problems };
}

function resolveLanguage(source: YamlSource, fromName: string | undefined, written: string | undefined, config: Config, problems: Problem[]): string {
  if (fromName && written && fromName.toLowerCase() !== written.toLowerCase()) {
    problems.push(
      problemAt(source, ['language'], `"language" is "${written}" but the file name says "${fromName}"`, {
        hint: `change one of them so they agree, e.g. language: ${fromName}`,
      }),
    );
  }
  const lang = fromName ?? written ?? config.default_language;
  if (config.languages.length > 0 && !config.languages.some((l) => l.toLowerCase() === lang.toLowerCase())) {
    problems.push(
      problemAt(source, written ? ['language'] : [], `the language "${lang}" is not one of the newsletter's languages (${config.languages.join(', ')})`, {
        hint: `add ${lang} to "languages" in ${config.file ? basename(config.file) : 'newsletter.config.yaml'}, or rename the file`,
      }),
    );
  }
  return lang;
}

/**
 * Item checks that need the file system or several fields at once, run on the raw data so
 * they are reported even when other fields have errors: images that exist, date ranges in
 * order, at least one item.
 */
function checkSections(source: YamlSource, raw: Record<string, unknown>, baseDir: string): Problem[] {
  const problems: Problem[] = [];
  let items = 0;
  for (const key of SECTION_KEYS) {
    const list = raw[key];
    if (!Array.isArray(list)) {
      if (list !== undefined) items++; // a wrong type is reported by the schema; do not also claim "no items"
      continue;
    }
    items += list.length;
    list.forEach((item: unknown, index) => problems.push(...checkItem(source, item, [key, index], baseDir)));
  }
  if (items === 0) {
    const present = SECTION_KEYS.find((key) => source.doc.has(key));
    problems.push(
      problemAt(source, present ? [present] : [], 'the issue has no items: add at least one item to "review", "insight" or "outlook"', { anchor: 'key' }),
    );
  }
  return problems;
}

/** An item's image file and date range, checked on whatever the file holds. */
export function checkItem(source: YamlSource, item: unknown, path: (string | number)[], baseDir: string): Problem[] {
  if (item === null || typeof item !== 'object') return [];
  const { image, date } = item as { image?: unknown; date?: unknown };
  const problems: Problem[] = [];
  const src = image !== null && typeof image === 'object' ? (image as { src?: unknown }).src : undefined;
  if (typeof src === 'string' && src !== '') {
    const checked = checkImageSource(source, [...path, 'image', 'src'], src, baseDir);
    if (checked.problem) problems.push(checked.problem);
  }
  if (date !== null && typeof date === 'object') {
    const { from, to } = date as { from?: unknown; to?: unknown };
    if (typeof from === 'string' && typeof to === 'string' && ISO_DATE.test(from) && ISO_DATE.test(to) && from > to) {
      problems.push(problemAt(source, [...path, 'date', 'to'], `the date range ends (${to}) before it starts (${from})`));
    }
  }
  return problems;
}

/** A checked item of a file, with a local image's absolute path. */
export function toIssueItem(item: IssueFileItem, baseDir: string): IssueItem {
  const out: IssueItem = { ...item } as IssueItem;
  if (item.image) {
    const local = !/^https:/i.test(item.image.src);
    out.image = { ...item.image, ...(local ? { path: resolve(baseDir, item.image.src) } : {}) };
  }
  return out;
}

/** Languages in the order the config lists them, then any others alphabetically. */
function orderByConfig(issues: Issue[], config: Config): Issue[] {
  const rank = (lang: string) => {
    const i = config.languages.findIndex((l) => l.toLowerCase() === lang.toLowerCase());
    return i < 0 ? config.languages.length : i;
  };
  return [...issues].sort((a, b) => rank(a.lang) - rank(b.lang) || a.lang.localeCompare(b.lang));
}

/** The files of one issue id in a folder: `<id>.yaml` and `<id>.<lang>.yaml`, sorted. */
export async function languageSetFiles(file: string): Promise<string[]> {
  const name = parseIssueFileName(file);
  if (!name) return [file];
  let entries: string[];
  try {
    entries = await readdir(dirname(resolve(file)));
  } catch {
    return [file];
  }
  const siblings = entries.filter((entry) => parseIssueFileName(entry)?.id === name.id).sort();
  if (!siblings.includes(basename(file))) return [file];
  // keep the user's way of writing the folder, so problems show paths as they typed them
  return siblings.map((entry) => (entry === basename(file) ? file : join(dirname(file), entry)));
}

/**
 * Reads a whole language set from any one of its files; `lang` narrows it to one language.
 * Checks that all languages agree on `number` and `date` and that no language appears twice.
 */
export async function loadIssueSet(file: string, config: Config, options: { lang?: string } = {}): Promise<Checked<IssueSet>> {
  const files = await languageSetFiles(file);
  const results = await Promise.all(files.map(async (f) => ({ file: f, result: await loadIssue(f, config) })));
  const problems = results.flatMap((r) => r.result.problems);
  const loaded = results.filter((r) => r.result.value).map((r) => ({ file: r.file, issue: r.result.value as Issue }));
  problems.push(...crossLanguageProblems(loaded));
  const name = parseIssueFileName(file);
  if (hasErrors(problems) || !name) return { problems };

  let issues = orderByConfig(loaded.map((l) => l.issue), config);
  if (options.lang) {
    const wanted = options.lang.toLowerCase();
    issues = issues.filter((issue) => issue.lang.toLowerCase() === wanted);
    if (issues.length === 0) {
      problems.push({
        file,
        line: 1,
        column: 1,
        severity: 'error',
        message: `issue "${name.id}" has no "${options.lang}" version; found ${loaded.map((l) => l.issue.lang).join(', ')}`,
        hint: `write ${join(dirname(file), `${name.id}.${options.lang}.yaml`)} or choose another --lang`,
      });
      return { problems };
    }
  }
  return { value: { id: name.id, issues }, problems };
}

function crossLanguageProblems(loaded: { file: string; issue: Issue }[]): Problem[] {
  const problems: Problem[] = [];
  const first = loaded[0];
  const byLang = new Map<string, string>();
  for (const { file, issue } of loaded) {
    const lang = issue.lang.toLowerCase();
    const other = byLang.get(lang);
    if (other) {
      problems.push({
        file,
        line: 1,
        column: 1,
        severity: 'error',
        message: `this file and ${other} are both the "${issue.lang}" version of issue "${issue.id}"`,
        hint: 'keep one of them, or give this one its own language suffix',
      });
    }
    byLang.set(lang, file);
    if (!first || file === first.file) continue;
    for (const field of ['number', 'date'] as const) {
      if (issue[field] === first.issue[field]) continue;
      problems.push({
        file,
        ...fieldPosition(issue, field),
        severity: 'error',
        message: `"${field}" is ${String(issue[field])} here but ${String(first.issue[field])} in ${first.file}`,
        hint: 'all languages of an issue share its number and date',
      });
    }
  }
  return problems;
}

/** Positions of top-level fields, remembered while loading for cross-file problems. */
const fieldPositions = new WeakMap<Issue, Record<string, { line: number; column: number }>>();

function fieldPosition(issue: Issue, field: string): { line: number; column: number } {
  return fieldPositions.get(issue)?.[field] ?? { line: 1, column: 1 };
}

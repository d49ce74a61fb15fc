/**
 * Reading issue files: one file → `Issue`, a language set → `IssueSet`. Every problem of
 * every file comes back located; nothing throws for bad input.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { hasErrors, type Checked, type Problem } from '../errors.js';
import type { Config } from '../config/types.js';
import { checkTextContent, type PersonalFieldRef } from '../source/content-checks.js';
import { describeBadFileName, parseIssueFileName } from './file-name.js';
import { checkSections, toIssueItem } from './item-checks.js';
import { issueSchema } from './schema.js';
import { schemaProblems } from '../source/schema-problems.js';
import { SECTION_KEYS, type Issue, type IssueSet } from './types.js';
import { checkTopLevel, withoutEmptyFields } from '../source/yaml-data.js';
import { locate, problemAt, readYaml, type YamlSource } from '../source/yaml-source.js';

export { parseIssueFileName } from './file-name.js';
export { checkTopLevel, withoutEmptyFields } from '../source/yaml-data.js';

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
  const personalFields: PersonalFieldRef[] = [];
  problems.push(...checkTextContent(source, { fields: personalFields }));

  const written = typeof raw.language === 'string' ? raw.language : undefined;
  const lang = resolveLanguage(source, name?.lang, written, config, problems);
  const baseDir = dirname(absolute);
  // images come from the project: the config's folder (and the issue's own, should it lie elsewhere)
  problems.push(...checkSections(source, raw, baseDir, config.file ? [config.dir, baseDir] : [baseDir]));
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
    ...(data.public !== undefined ? { public: data.public } : {}),
    intro: data.intro,
    signoff: data.signoff,
    headings: { ...data.headings },
    sections: Object.fromEntries(SECTION_KEYS.map((key) => [key, (data[key] ?? []).map((item) => toIssueItem(item, baseDir))])) as Issue['sections'],
    contentHash: createHash('sha256').update(read.bytes).digest('hex'),
    personalFields,
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
  const all = await languageSetFiles(file);
  const name = parseIssueFileName(file);
  // --lang reads only that language's file: a typo in another language does not stop it
  const wanted = options.lang?.toLowerCase();
  const languageOf = (f: string) => (parseIssueFileName(f)?.lang ?? config.default_language).toLowerCase();
  const files = wanted && name ? all.filter((f) => languageOf(f) === wanted) : all;
  if (wanted && name && files.length === 0) {
    const found = [...new Set(all.map(languageOf))].join(', ');
    return {
      problems: [
        {
          file,
          line: 1,
          column: 1,
          severity: 'error',
          message: `issue "${name.id}" has no "${options.lang}" version; found ${found}`,
          hint: `write ${join(dirname(file), `${name.id}.${options.lang}.yaml`)} or choose another --lang`,
        },
      ],
    };
  }

  const results = await Promise.all(files.map(async (f) => ({ file: f, result: await loadIssue(f, config) })));
  const problems = results.flatMap((r) => r.result.problems);
  const loaded = results.filter((r) => r.result.value).map((r) => ({ file: r.file, issue: r.result.value as Issue }));
  problems.push(...crossLanguageProblems(loaded));
  if (hasErrors(problems) || !name) return { problems };
  return { value: { id: name.id, issues: orderByConfig(loaded.map((l) => l.issue), config) }, problems };
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

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import type { Config } from '../../config/types.js';
import { hasErrors, type Problem } from '../../errors.js';
import { languageSetFiles, loadIssueSet } from '../../issue/load-issue.js';
import type { IssueSet } from '../../issue/types.js';
import type { CommandInput } from '../command.js';
import { note, plural, printJson, printProblems, say } from '../output.js';

/** What validate and check learn from the config and the named files. */
export interface ValidationRun {
  config?: Config;
  /** Every language set named, once, with its files as the user would write them. */
  sets: { files: string[]; value?: IssueSet }[];
  problems: Problem[];
  /** Set when no config file was found and the files were checked without one. */
  noConfig: boolean;
}

/** Config for checking files when there is no config file: any language, no project settings. */
function configlessDefaults(cwd: string): Config {
  return { dir: cwd, name: 'Newsletter', from: '', base_url: '', default_language: 'en', languages: [], list_id: '' };
}

/**
 * Checks the config and every language set the files belong to (each set once),
 * gathering every problem. A missing config is no error here: the files are still checked.
 */
export async function validateFiles(files: string[], globals: Record<string, any>): Promise<ValidationRun> {
  const cwd = process.cwd();
  const loaded = loadConfig({ file: typeof globals.config === 'string' ? globals.config : undefined, cwd, ...(files[0] ? { near: files[0] } : {}) });
  const noConfig = !loaded.value && globals.config === undefined && Boolean(loaded.missing);
  const problems: Problem[] = noConfig ? [] : [...loaded.problems];
  const config = loaded.value ?? configlessDefaults(cwd);

  const sets: ValidationRun['sets'] = [];
  const seen = new Set<string>();
  for (const file of files.flatMap(expandFolder)) {
    const setFiles = await languageSetFiles(file);
    const key = setFiles.map((f) => resolve(f)).join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    const result = await loadIssueSet(file, config);
    sets.push({ files: setFiles, value: result.value });
    problems.push(...result.problems);
  }
  return { config: loaded.value, sets, problems: dedupe(problems), noConfig };
}

/** A folder stands for the issue files in it (`newsletter validate issues/`). */
function expandFolder(path: string): string[] {
  if (!existsSync(path) || !statSync(path).isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(path, name));
  return files.length > 0 ? files : [path];
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `3 errors, 1 warning` */
export function countProblems(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return `${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')}`;
}

/** The problem list as `--json` prints it. */
export function problemsJson(problems: readonly Problem[]) {
  return problems.map((p) => ({
    file: p.file,
    line: p.line,
    column: p.column,
    message: p.message,
    severity: p.severity,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
}

/** `newsletter validate <files…> [--json]`: every problem of every file; exit 1 on any error. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const files = (args[0] as string[] | undefined) ?? [];
  const result = await validateFiles(files, globals);
  const ok = !hasErrors(result.problems);
  if (options.json) {
    printJson({ ok, problems: problemsJson(result.problems) });
    return ok ? 0 : 1;
  }
  if (result.noConfig) note('note: no newsletter.config.yaml here or in a parent folder; checking the files without one (languages are not compared with the config)');
  printProblems(result.problems);
  const checked = result.sets.flatMap((s) => s.files);
  if (ok) {
    say(`${checked.join(', ')}: valid${result.problems.length > 0 ? ` (${countProblems(result.problems)})` : ''}`);
    return 0;
  }
  say(`${countProblems(result.problems)} in ${checked.length} ${checked.length === 1 ? 'file' : 'files'}; fix the errors above and run validate again`);
  return 1;
}

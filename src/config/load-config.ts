/**
 * Finding and reading `newsletter.config.yaml`: here or in the nearest parent folder, or the
 * file `--config` names. Problems are located like an issue file's.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { hasErrors, type Checked, type Problem } from '../errors.js';
import { checkTopLevel, withoutEmptyFields } from '../source/yaml-data.js';
import { checkTextContent } from '../source/content-checks.js';
import { schemaProblems } from '../source/schema-problems.js';
import { readYamlSync } from '../source/yaml-source.js';
import { checkConfigData } from './config-checks.js';
import { configSchema } from './schema.js';
import type { Config } from './types.js';
import { displayPath } from '../source/paths.js';

export { localizeConfig } from './localize-config.js';

/** The config file's name, searched for upwards from the working folder. */
export const CONFIG_FILE_NAME = 'newsletter.config.yaml';

/**
 * The nearest `newsletter.config.yaml` in `startDir` or a parent folder.
 * @example findConfigFile(process.cwd()) // '/home/ed/news/newsletter.config.yaml'
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads and checks the config: `file` (as given to --config), else the nearest one from the
 * folder of `near` (the issue file a command works on), else the nearest one from `cwd`.
 * Defaults fill what the file leaves out (`default_language` from `languages`, `list_id` from `base_url`).
 */
/** A loaded config; `missing` when there is no config file at all (none found, or --config names none). */
export interface LoadedConfig extends Checked<Config> {
  missing?: boolean;
}

export function loadConfig(options: { file?: string; cwd?: string; near?: string } = {}): LoadedConfig {
  const cwd = resolve(options.cwd ?? process.cwd());
  // an issue file belongs to the project it lies in: search from its folder first, then from here
  const absolute = options.file ? resolve(cwd, options.file) : ((options.near && findConfigFile(dirname(resolve(cwd, options.near)))) || findConfigFile(cwd));
  if (!absolute) {
    return {
      missing: true,
      problems: [
        {
          file: CONFIG_FILE_NAME,
          line: 1,
          column: 1,
          severity: 'error',
          message: `no ${CONFIG_FILE_NAME} in ${cwd} or any parent folder`,
          hint: 'run "newsletter init" to create one, or pass --config FILE',
        },
      ],
    };
  }
  const display = options.file ?? displayPath(absolute, cwd);
  const read = readYamlSync(absolute, display);
  if (!read.source || read.problems.length > 0) {
    const problems = read.problems.map((p) =>
      p.message === 'file not found' ? { ...p, message: `config file not found: ${display}`, hint: 'check the path given to --config, or run "newsletter init"' } : p,
    );
    return { problems, missing: read.problems.length === 1 && read.problems[0].message === 'file not found' };
  }
  const source = read.source;
  const topLevel = checkTopLevel(source, 'the newsletter\'s settings: name, from, base_url, languages, …');
  if (topLevel) return { problems: [topLevel] };

  const problems: Problem[] = [];
  const parsed = configSchema.safeParse(withoutEmptyFields(source.doc.toJS()), { reportInput: true });
  if (!parsed.success) problems.push(...schemaProblems(source, parsed.error.issues, configSchema));
  problems.push(...checkTextContent(source, { localized: true }));
  if (!parsed.success) return { problems };

  const checked = checkConfigData(source, parsed.data, dirname(absolute));
  problems.push(...checked.problems);
  if (hasErrors(problems) || !checked.value) return { problems };
  return { value: { ...checked.value, file: absolute }, problems };
}

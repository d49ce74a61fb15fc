/**
 * What every command needs first: the config and the issue set, or a UserError carrying
 * every problem (main.ts prints them, then exits 1).
 */
import { hasErrors, UserError, type Problem } from '../errors.js';
import type { Config } from '../config/types.js';
import { loadConfig } from '../config/load-config.js';
import type { IssueSet } from '../issue/types.js';
import { loadIssueSet } from '../issue/load-issue.js';
import { resolveStateDir } from '../state/state-dir.js';
import { printProblems } from './output.js';

function countText(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return errors === 1 ? '1 problem; fix it' : `${errors} problems; fix them`;
}

/** The config named by --config, or found from the issue file's folder (`near`), or from the working folder; throws UserError when unusable. */
export function loadConfigOrFail(globals: Record<string, any>, near?: string): Config {
  const { value, problems, missing: noConfigFile } = loadConfig({ file: typeof globals.config === 'string' ? globals.config : undefined, ...(near ? { near } : {}) });
  if (!value || hasErrors(problems)) {
    if (noConfigFile) throw new UserError(problems[0].message, { hint: problems[0].hint });
    throw new UserError(`the config has ${countText(problems)} and try again`, { problems });
  }
  if (problems.length > 0) printProblems(problems);
  return value;
}

/** The whole language set of `file` (narrowed to `lang`); warnings are printed, errors thrown. */
export async function loadIssueSetOrFail(file: string, config: Config, lang?: string): Promise<IssueSet> {
  const { value, problems } = await loadIssueSet(file, config, lang ? { lang } : {});
  if (!value || hasErrors(problems)) {
    throw new UserError(`${file}: ${countText(problems)} and try again`, {
      problems,
      hint: `"newsletter validate ${file}" checks the issue without doing anything else`,
    });
  }
  if (problems.length > 0) printProblems(problems);
  return value;
}

/** The project's folder: the config's, or the working folder when there is no config. */
export function projectDirOf(config?: Pick<Config, 'dir'>): string {
  return config?.dir ?? process.cwd();
}

/**
 * The state folder a command works on: `--state`, else NEWSLETTER_STATE_DIR, else
 * `.newsletter/` beside the config, or in the working folder when there is no config.
 */
export function stateDirOf(globals: Record<string, any>, config?: Pick<Config, 'dir'>): string {
  return resolveStateDir(projectDirOf(config), typeof globals.state === 'string' ? globals.state : undefined);
}

/** Issue file names: `issues/<id>.yaml` (default language) and `issues/<id>.<lang>.yaml`. */
import { basename } from 'node:path';
import { LANGUAGE_TAG } from '../source/fields.js';
import { ISSUE_ID } from './schema.js';

const YAML_EXTENSION = /\.ya?ml$/i;

/**
 * The id and language a file name stands for, or undefined when it names no issue.
 * @example parseIssueFileName('issues/2020-12-nr34.de.yaml') // { id: '2020-12-nr34', lang: 'de' }
 */
export function parseIssueFileName(path: string): { id: string; lang?: string } | undefined {
  const name = basename(path);
  if (!YAML_EXTENSION.test(name)) return undefined;
  const stem = name.replace(YAML_EXTENSION, '');
  const dot = stem.indexOf('.');
  const id = dot < 0 ? stem : stem.slice(0, dot);
  const lang = dot < 0 ? undefined : stem.slice(dot + 1);
  if (!ISSUE_ID.test(id)) return undefined;
  if (lang === undefined) return { id };
  return LANGUAGE_TAG.test(lang) ? { id, lang } : undefined;
}

/** Why a file name names no issue, in the editor's words (for a problem at 1:1). */
export function describeBadFileName(path: string): { message: string; hint: string } {
  const name = basename(path);
  const example = 'e.g. issues/2020-12-nr34.de.yaml';
  if (!YAML_EXTENSION.test(name)) {
    return { message: `"${name}" is not an issue file: issue files end in .yaml`, hint: `name it <id>.yaml or <id>.<lang>.yaml, ${example}` };
  }
  const stem = name.replace(YAML_EXTENSION, '');
  const dot = stem.indexOf('.');
  const id = dot < 0 ? stem : stem.slice(0, dot);
  if (!ISSUE_ID.test(id)) {
    return {
      message: `the issue id "${id}" in the file name may only hold lowercase letters, digits and hyphens, starting with a letter or digit`,
      hint: `rename the file, ${example}`,
    };
  }
  return {
    message: `"${stem.slice(dot + 1)}" in the file name is not a language tag such as de, en or pt-BR`,
    hint: `name it <id>.<lang>.yaml, ${example}`,
  };
}

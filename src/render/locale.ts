import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SectionKey } from '../issue/types.js';
import type { DateFormats } from './dates.js';

/** The theme's strings in one language: `locales/<lang>.yaml`. */
export interface Locale {
  lang: string;
  headings: Record<SectionKey, string>;
  read_more: string;
  /** The link to the issue's page in the web archive, above the masthead. */
  view_in_browser?: string;
  /** `Ausgabe Nr. {number} · {month_year}` */
  issue_line: string;
  connect_heading: string;
  contact: string;
  when: string;
  where: string;
  partners_heading: string;
  imprint: string;
  privacy: string;
  unsubscribe: string;
  /** The sentence before the unsubscribe link. */
  unsubscribe_note: string;
  /** Plain-text part: the label before the unsubscribe URL. */
  unsubscribe_text: string;
  dates: DateFormats;
  /** The language whose file supplied the words when `lang` has none (`pt-BR` → `en`). */
  fallback?: string;
  [more: string]: unknown;
}

const cache = new Map<string, { mtimeMs: number; data: Record<string, unknown> }>();

function readYaml(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  const { mtimeMs } = statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.data;
  const data = parse(readFileSync(file, 'utf8')) as unknown;
  const value = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  cache.set(file, { mtimeMs, data: value });
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(base[key]) ? merge(base[key], value) : value;
  }
  return out;
}

/** `pt-BR` → [`pt-BR`, `pt`, `en`]: the files to try, most specific first. */
function candidates(lang: string): string[] {
  const primary = lang.split('-')[0];
  return [...new Set([lang, primary, 'en'])];
}

/**
 * The strings for `lang`: the default theme's locale file (falling back from `pt-BR` to
 * `pt` to `en`), with a project's own `locales/<lang>.yaml` laid over it key by key.
 * `localeDirs` is ordered most important first.
 */
export function loadLocale(lang: string, localeDirs: string[]): Locale {
  let merged: Record<string, unknown> = {};
  let found: string | undefined;
  // least specific language first, and within one language the default theme first: later files win
  for (const name of [...candidates(lang)].reverse()) {
    for (const dir of [...localeDirs].reverse()) {
      const data = readYaml(join(dir, `${name}.yaml`));
      if (data) {
        merged = merge(merged, data);
        found = name;
      }
    }
  }
  const primary = lang.split('-')[0];
  const fallback = found && found !== lang && found !== primary ? found : undefined;
  return { ...(merged as Locale), lang, ...(fallback ? { fallback } : {}) };
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Languages the unsubscribe pages speak; others get the first. */
export const ENDPOINT_LANGUAGES = ['en', 'de'] as const;

const KEYS = [
  'list_fallback',
  'confirm_title',
  'confirm_heading',
  'confirm_text',
  'confirm_button',
  'already_text',
  'done_title',
  'done_heading',
  'done_text',
  'not_found_title',
  'not_found_text',
  'bad_request_title',
  'bad_request_text',
  'too_large_title',
  'too_large_text',
  'error_title',
  'error_text',
  'no_page_title',
  'no_page_text',
] as const;

export type EndpointStrings = Record<(typeof KEYS)[number], string>;

const LOCALES = new URL('../../locales/endpoint/', import.meta.url);
const cache = new Map<string, EndpointStrings>();

/** The page strings of one language from `locales/endpoint/<lang>.yaml`, checked to be complete. */
export function endpointStrings(lang: string): EndpointStrings {
  const cached = cache.get(lang);
  if (cached) return cached;
  const file = new URL(`${lang}.yaml`, LOCALES);
  const data = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const missing = KEYS.filter((key) => typeof data?.[key] !== 'string');
  if (missing.length > 0) throw new Error(`${file.pathname} lacks ${missing.join(', ')}`);
  const strings = Object.fromEntries(KEYS.map((key) => [key, data[key] as string])) as EndpointStrings;
  cache.set(lang, strings);
  return strings;
}

/** `fill('Von {list} abmelden?', { list: 'Stadtbrief' })` */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * What the config schema cannot say: addresses that parse, a usable base URL, languages
 * that agree, translations that exist, images that are there, no secrets in the file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BASE_URL_NOT_HTTPS, type Checked, type Problem } from '../errors.js';
import { checkImageSource } from '../source/content-checks.js';
import { checkItem } from '../source/item-checks.js';
import { isSeq } from 'yaml';
import { nodeAt, problemAt, type PathSegment, type YamlSource } from '../source/yaml-source.js';
import { parseAddress } from './address.js';
import type { ConfigFileData } from './schema.js';
import { parseWindow } from './send-limits.js';
import type { Config, ConfigItem, SendSettings } from './types.js';

/** RFC 5321 4.5.3.1.1. */
const MAX_LOCAL_PART = 64;
/** `u-` and the 45 characters of a VERP token (src/unsubscribe/verp-token.ts; config/ may not import it). */
export const VERP_SUFFIX_LENGTH = 47;
const ADDRESS_EXAMPLE = '"City Network <newsletter@example.org>"';
/** Fields whose value may be a map per language. */
const LOCALIZED_FIELDS = new Set(['name', 'tagline', 'alt', 'heading', 'intro', 'title', 'subtitle', 'label', 'body', 'link_label', 'location', 'contact', 'address', 'copyright']);

/** Checks the parsed config and applies defaults; `dir` is the config's folder. */
export function checkConfigData(source: YamlSource, data: ConfigFileData, dir: string): Checked<Omit<Config, 'file'>> {
  const problems: Problem[] = [];
  const at = (path: PathSegment[], message: string, options: { hint?: string; severity?: 'error' | 'warning'; anchor?: 'key' | 'value'; code?: string } = {}) =>
    problems.push({ ...problemAt(source, path, message, options), ...(options.code ? { code: options.code } : {}) });
  const defaulted: string[] = [];

  for (const field of ['from', 'reply_to'] as const) {
    const value = data[field];
    if (value !== undefined && !parseAddress(value)) {
      at([field], `"${field}" must be one address such as ${ADDRESS_EXAMPLE}, found ${JSON.stringify(value)}`);
    }
  }
  if (data.unsubscribe?.mailto !== undefined && !parseAddress(data.unsubscribe.mailto)) {
    at(['unsubscribe', 'mailto'], `"mailto" must be one address such as unsubscribe@example.org, found ${JSON.stringify(data.unsubscribe.mailto)}`);
  }
  if (data.return_path !== undefined) {
    const parsed = parseAddress(data.return_path);
    if (!parsed || parsed.name) {
      at(['return_path'], `"return_path" must be one plain address such as bounces@news.example.org, found ${JSON.stringify(data.return_path)}`, {
        hint: 'the envelope sender has no display name; use a mailbox that only receives what comes back',
      });
    } else if (data.bounces?.verp !== false) {
      const local = parsed.address.slice(0, parsed.address.lastIndexOf('@'));
      const longest = local.length + (data.bounces?.separator ?? '+').length + VERP_SUFFIX_LENGTH;
      if (longest > MAX_LOCAL_PART) {
        at(['return_path'], `"return_path"'s local part "${local}" is too long for a per-message token: the address would have ${longest} characters before the @, at most ${MAX_LOCAL_PART} are allowed`, {
          hint: `use a local part of at most ${MAX_LOCAL_PART - VERP_SUFFIX_LENGTH - 1} characters, e.g. bounces@…`,
        });
      }
    }
  }
  data.footer?.partners?.forEach((partner, index) => {
    if (partner.email !== undefined && !parseAddress(partner.email)) {
      at(['footer', 'partners', index, 'email'], `"email" must be an address such as info@example.org, found ${JSON.stringify(partner.email)}`);
    }
  });

  const baseUrl = checkBaseUrl(data.base_url, (message, hint, severity, code) => at(['base_url'], message, { hint, severity, code }));

  let languages = data.languages ?? [];
  let defaultLanguage = data.default_language;
  const seen = new Set<string>();
  languages.forEach((lang, index) => {
    if (seen.has(lang.toLowerCase())) at(['languages', index], `the language "${lang}" is listed twice`);
    seen.add(lang.toLowerCase());
  });
  if (!defaultLanguage) {
    defaultLanguage = languages[0] ?? 'en';
    defaulted.push('default_language');
  }
  if (languages.length === 0) {
    languages = [defaultLanguage];
    defaulted.push('languages');
  } else if (!seen.has(defaultLanguage.toLowerCase())) {
    at(['default_language'], `"default_language" is "${defaultLanguage}" but "languages" lists only ${languages.join(', ')}`, {
      hint: `add ${defaultLanguage} to "languages"`,
    });
  }

  let listId = data.list_id;
  if (!listId) {
    listId = baseUrl ? new URL(baseUrl).hostname : 'newsletter.invalid';
    defaulted.push('list_id');
  }

  checkTranslations(source, data, languages, problems);

  const logo = data.logo ? { ...data.logo, src: imageSrc(source, ['logo', 'src'], data.logo.src, dir, problems) } : undefined;
  const connect = data.connect
    ? {
        ...data.connect,
        // written as a plain list (the shorthand), the items sit right under connect:
        items: data.connect.items.map((item, index) => connectItem(source, item, isSeq(nodeAt(source, ['connect'])) ? ['connect', index] : ['connect', 'items', index], dir, problems)),
      }
    : undefined;

  if (data.smtp?.url !== undefined) checkSmtpUrl(data.smtp.url, (message, hint) => at(['smtp', 'url'], message, { hint }));
  if (data.state?.url !== undefined) checkStateUrl(data.state.url, (message, hint) => at(['state', 'url'], message, { hint }));
  if (data.dkim?.key_file !== undefined && !existsSync(resolve(dir, data.dkim.key_file))) {
    at(['dkim', 'key_file'], `DKIM key file not found: ${data.dkim.key_file}`, { hint: 'paths are relative to the config file; or set NEWSLETTER_DKIM_KEY' });
  }

  const send = checkSend(data.send, at);

  const config: Omit<Config, 'file'> = {
    dir,
    name: data.name,
    tagline: data.tagline,
    logo,
    from: data.from,
    reply_to: data.reply_to,
    base_url: baseUrl ?? data.base_url,
    default_language: defaultLanguage,
    languages,
    list_id: listId,
    connect,
    footer: data.footer,
    subscribers: data.subscribers,
    unsubscribe: data.unsubscribe,
    smtp: data.smtp,
    state: data.state,
    dkim: data.dkim,
    send,
    return_path: data.return_path ? parseAddress(data.return_path)?.address : undefined,
    bounces: data.bounces,
    defaulted,
  };
  for (const key of Object.keys(config) as (keyof typeof config)[]) if (config[key] === undefined) delete config[key];
  return { value: config, problems };
}

/**
 * What makes a base URL unusable: not a URL, not http(s), or a query or fragment; undefined
 * when usable. The one rule behind the config check and `init --base-url`.
 */
export function baseUrlFault(value: string): 'not-a-url' | 'not-http' | 'query-or-fragment' | undefined {
  if (!URL.canParse(value)) return 'not-a-url';
  const url = new URL(value);
  if (!/^https?:$/.test(url.protocol)) return 'not-http';
  if (url.search || url.hash) return 'query-or-fragment';
  return undefined;
}

/** A base URL as links are built on it: without a trailing slash. */
export function cleanBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

/** `send` with its window parsed; a window that does not parse is reported and left out. */
function checkSend(send: ConfigFileData['send'], at: (path: PathSegment[], message: string, options?: { hint?: string }) => void): SendSettings | undefined {
  if (!send) return undefined;
  const { window, ...rest } = send;
  if (!window) return rest;
  const parsed = parseWindow(window);
  for (const problem of parsed.problems) at(['send', 'window', problem.field], problem.message, { hint: problem.hint });
  return parsed.value ? { ...rest, window: parsed.value } : rest;
}

/** The base URL without a trailing slash, or undefined (with a problem) when unusable. */
function checkBaseUrl(value: string, report: (message: string, hint?: string, severity?: 'error' | 'warning', code?: string) => void): string | undefined {
  const fault = baseUrlFault(value);
  if (fault === 'not-a-url' || fault === 'not-http') {
    report(`"base_url" must be an absolute http:// or https:// URL, found ${JSON.stringify(value)}`, 'e.g. https://newsletter.example.org');
    return undefined;
  }
  if (fault === 'query-or-fragment') report('"base_url" must not have a query (?…) or fragment (#…)');
  if (new URL(value).protocol === 'http:') {
    report('"base_url" uses http://: unsubscribe links and images should be served over https:// before you send', undefined, 'warning', BASE_URL_NOT_HTTPS);
  }
  return cleanBaseUrl(value);
}

function checkSmtpUrl(value: string, report: (message: string, hint?: string) => void): void {
  if (!URL.canParse(value) || !/^smtps?:$/.test(new URL(value).protocol)) {
    report(`"url" must be an smtp:// or smtps:// URL, found ${JSON.stringify(value)}`, 'e.g. smtp://mail.example.org:587');
    return;
  }
  if (new URL(value).password) {
    report('"url" holds a password: secrets do not belong in the config file', 'remove it here and set NEWSLETTER_SMTP_URL=smtp://user:password@host:587 in the environment');
  }
}

/** The PostgreSQL state every machine shares: a postgres:// URL without a password (that comes from PGPASSWORD or ~/.pgpass). */
function checkStateUrl(value: string, report: (message: string, hint?: string) => void): void {
  if (!URL.canParse(value) || !/^postgres(ql)?:$/.test(new URL(value).protocol)) {
    report(`"url" must be a postgres:// URL, found ${JSON.stringify(value)}`, 'e.g. postgres://newsletter@db.example.org:5432/newsletter; for an SQLite folder leave state out and use --state DIR');
    return;
  }
  const url = new URL(value);
  if (url.password || url.searchParams.has('password')) {
    report('"url" holds a password: secrets do not belong in the config file', 'remove it here and give it as PGPASSWORD or in ~/.pgpass (or the whole URL as NEWSLETTER_DATABASE_URL in the environment)');
  }
}

function imageSrc(source: YamlSource, path: PathSegment[], src: string, dir: string, problems: Problem[]): string {
  const checked = checkImageSource(source, path, src, dir);
  if (checked.problem) problems.push(checked.problem);
  return checked.file ?? src;
}

function connectItem(source: YamlSource, item: NonNullable<ConfigFileData['connect']>['items'][number], path: PathSegment[], dir: string, problems: Problem[]): ConfigItem {
  problems.push(...checkItem(source, item, path, dir));
  const out = { ...item } as ConfigItem;
  if (item.image && !/^https:/i.test(item.image.src)) out.image = { ...item.image, path: resolve(dir, item.image.src) };
  return out;
}

/** Warns about per-language text that misses a configured language or names an unknown one. */
function checkTranslations(source: YamlSource, data: unknown, languages: string[], problems: Problem[]): void {
  const known = new Set(languages.map((l) => l.toLowerCase()));
  const walk = (value: unknown, path: PathSegment[]) => {
    if (Array.isArray(value)) return value.forEach((inner, index) => walk(inner, [...path, index]));
    if (value === null || typeof value !== 'object') return;
    const field = path[path.length - 1];
    const entries = Object.entries(value);
    if (typeof field === 'string' && LOCALIZED_FIELDS.has(field) && entries.every(([, v]) => typeof v === 'string')) {
      for (const [lang] of entries) {
        if (!known.has(lang.toLowerCase())) {
          problems.push(problemAt(source, [...path, lang], `"${lang}" is not one of the newsletter's languages (${languages.join(', ')})`, { anchor: 'key', severity: 'warning' }));
        }
      }
      const missing = languages.filter((lang) => !entries.some(([l]) => l.toLowerCase() === lang.toLowerCase()));
      if (missing.length > 0 && entries.length > 0) {
        problems.push(
          problemAt(source, path, `"${field}" has no ${missing.map((m) => `"${m}"`).join(', ')} text; those readers get the ${entries[0][0]} one`, {
            anchor: 'key',
            severity: 'warning',
          }),
        );
      }
      return;
    }
    for (const [key, inner] of entries) walk(inner, [...path, key]);
  };
  walk(data, []);
}

/** The config as one language's templates see it: every per-language text resolved. */
import type { IssueItem } from '../source/types.js';
import type { Config, ConfigItem, Localized, LocalizedConfig } from './types.js';

/**
 * One language's text of a Localized value: that language, else the default language,
 * else the first entry.
 * @example pickLanguage({ de: 'Hallo', en: 'Hello' }, 'en', 'de') // 'Hello'
 */
export function pickLanguage(value: Localized, lang: string, fallback: string): string;
export function pickLanguage(value: Localized | undefined, lang: string, fallback: string): string | undefined;
export function pickLanguage(value: Localized | undefined, lang: string, fallback: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  const entries = Object.entries(value);
  const find = (wanted: string) => entries.find(([key]) => key.toLowerCase() === wanted.toLowerCase())?.[1];
  return find(lang) ?? find(fallback) ?? entries[0]?.[1];
}

/**
 * The newsletter's name in `lang`: the one rule the masthead, List-Id, the preview and the
 * unsubscribe pages share.
 */
export function newsletterName(config: Pick<Config, 'name' | 'default_language'>, lang: string): string {
  return pickLanguage(config.name, lang, config.default_language);
}

function localizeItem(item: ConfigItem, lang: string, fallback: string): IssueItem {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' || isTextMap(key, value) ? pickLanguage(value as Localized, lang, fallback) : value;
  }
  return out as unknown as IssueItem;
}

/** A per-language map of text, as opposed to structured values such as `image` or a date range. */
function isTextMap(key: string, value: unknown): boolean {
  return key !== 'image' && key !== 'date' && value !== null && typeof value === 'object' && Object.values(value).every((v) => typeof v === 'string');
}

/**
 * The config with every Localized resolved for `lang` (falling back to default_language,
 * then the first entry).
 */
export function localizeConfig(config: Config, lang: string): LocalizedConfig {
  const pick = <T extends Localized | undefined>(value: T) => pickLanguage(value, lang, config.default_language);
  const out: LocalizedConfig = {
    lang,
    name: newsletterName(config, lang),
    from: config.from,
    base_url: config.base_url,
    list_id: config.list_id,
  };
  if (config.tagline !== undefined) out.tagline = pick(config.tagline);
  if (config.reply_to !== undefined) out.reply_to = config.reply_to;
  if (config.logo) out.logo = { ...config.logo, alt: pickLanguage(config.logo.alt, lang, config.default_language) };
  if (config.connect) {
    out.connect = {
      ...(config.connect.heading !== undefined ? { heading: pick(config.connect.heading) } : {}),
      ...(config.connect.intro !== undefined ? { intro: pick(config.connect.intro) } : {}),
      items: config.connect.items.map((item) => localizeItem(item, lang, config.default_language)),
    };
  }
  if (config.footer) {
    const { partners, copyright, ...links } = config.footer;
    out.footer = {
      ...links,
      partners: (partners ?? []).map((p) => ({
        name: pickLanguage(p.name, lang, config.default_language),
        ...(p.address !== undefined ? { address: pick(p.address) } : {}),
        ...(p.contact !== undefined ? { contact: pick(p.contact) } : {}),
        ...(p.email !== undefined ? { email: p.email } : {}),
      })),
      ...(copyright !== undefined ? { copyright: pick(copyright) } : {}),
    };
  }
  return out;
}

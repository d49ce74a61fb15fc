import { dirname, isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { LocalizedConfig } from '../config/types.js';
import { imageKindOf, readHead, safeImageName } from '../source/image-file.js';
import { SECTION_KEYS, type Issue, type IssueImage, type IssueItem, type SectionKey } from '../issue/types.js';
import { formatMonthYear, formatWhen } from './dates.js';
import type { Locale } from './locale.js';
import type { RenderedAsset } from './types.js';
import type { SlotTable } from './slots.js';

/** One item as the theme and the text part see it; text fields hold slot markers, Markdown stays Markdown. */
export interface ItemView {
  label?: string;
  title: string;
  subtitle?: string;
  body?: string;
  link?: string;
  link_label: string;
  image?: { src: string; alt: string; width: number };
  when?: string;
  location?: string;
  contact?: string;
}

export interface SectionView {
  key: SectionKey;
  heading: string;
  items: ItemView[];
}

/** Everything a theme can show for one issue in one language. */
export interface IssueView {
  lang: string;
  subject: string;
  preheader?: string;
  name: string;
  tagline?: string;
  logo?: { src: string; alt: string; width: number };
  issue_line: string;
  intro?: string;
  signoff?: string;
  sections: SectionView[];
  connect?: { heading: string; intro?: string; items: ItemView[] };
  footer: {
    partners: { name: string; address?: string; contact?: string; email?: string }[];
    copyright?: string;
    imprint_url?: string;
    privacy_url?: string;
  };
  unsubscribe_url: string;
  /** The issue's page in the web archive: the "view in browser" link. */
  archive_url: string;
  base_url: string;
  t: Locale;
}

/** Width of the mail's content column in pixels (600 minus the side padding). */
export const CONTENT_WIDTH = 536;

/** Collects local images under unique, safe names; the HTML links them under base_url. */
export class AssetCollector {
  readonly assets: RenderedAsset[] = [];
  constructor(private readonly urlPrefix: string) {}

  /** The URL the mail uses for an image shown `width` px wide: https as written, local files under base_url. */
  use(src: string, path: string | undefined, relativeTo: string, width: number): string {
    if (/^https?:/i.test(src)) return src;
    const source = path ?? (isAbsolute(src) ? src : resolve(relativeTo, src));
    const known = this.assets.find((a) => a.source === source);
    if (known) {
      known.width = Math.max(known.width ?? 0, width);
      return known.url ?? known.name;
    }
    const kind = imageKindOf(readHead(source));
    if (!kind || kind === 'svg') throw new UserError(`${src} is not a PNG, JPEG, GIF or WebP image`, { hint: 'run "newsletter validate" on the issue' });
    const base = safeImageName(source, kind);
    const name = this.assets.some((a) => a.name === base) ? `${this.assets.length + 1}-${base}` : base;
    const url = this.urlPrefix + encodeURIComponent(name);
    this.assets.push({ source, name, url, kind, width });
    return url;
  }
}

function imageView(image: IssueImage | undefined, assets: AssetCollector, relativeTo: string): ItemView['image'] {
  if (!image) return undefined;
  const width = Math.min(image.width ?? CONTENT_WIDTH, CONTENT_WIDTH);
  return { src: assets.use(image.src, image.path, relativeTo, width), alt: image.alt, width };
}

function itemView(item: IssueItem, locale: Locale, slots: SlotTable, assets: AssetCollector, relativeTo: string): ItemView {
  const mark = (text: string | undefined) => (text === undefined ? undefined : slots.markFields(text));
  return {
    label: mark(item.label),
    title: slots.markFields(item.title),
    subtitle: mark(item.subtitle),
    body: mark(item.body),
    link: mark(item.link),
    link_label: mark(item.link_label) ?? locale.read_more,
    image: imageView(item.image, assets, relativeTo),
    when: item.date === undefined ? undefined : formatWhen(item.date, locale.dates),
    location: mark(item.location),
    contact: mark(item.contact),
  };
}

/** The logo in the masthead: 160 px wide unless the config says otherwise. */
function logoView(logo: NonNullable<LocalizedConfig['logo']>, assets: AssetCollector, configDir: string): IssueView['logo'] {
  const width = Math.min(logo.width ?? 160, CONTENT_WIDTH);
  return { src: assets.use(logo.src, undefined, configDir, width), alt: logo.alt, width };
}

/** `Ausgabe Nr. {number} · {month_year}` filled in. */
export function issueLine(issue: Pick<Issue, 'number' | 'date'>, locale: Locale): string {
  return locale.issue_line.replace('{number}', String(issue.number)).replace('{month_year}', formatMonthYear(issue.date, locale.dates));
}

/**
 * The issue, its config and its locale, merged into what the theme shows: personal fields
 * become slot markers, dates are formatted, local images get their URLs.
 */
export function buildView(input: {
  issue: Issue;
  config: LocalizedConfig;
  configDir: string;
  locale: Locale;
  slots: SlotTable;
  assets: AssetCollector;
  archiveUrl: string;
}): IssueView {
  const { issue, config, configDir, locale, slots, assets, archiveUrl } = input;
  const issueDir = dirname(issue.file);
  const mark = (text: string | undefined) => (text === undefined ? undefined : slots.markFields(text));
  const sections: SectionView[] = SECTION_KEYS.filter((key) => issue.sections[key]?.length > 0).map((key) => ({
    key,
    heading: issue.headings[key] ?? locale.headings[key],
    items: issue.sections[key].map((item) => itemView(item, locale, slots, assets, issueDir)),
  }));
  const connectItems = config.connect?.items ?? [];
  return {
    lang: issue.lang,
    subject: slots.markFields(issue.subject),
    preheader: mark(issue.preheader),
    name: config.name,
    tagline: config.tagline,
    logo: config.logo && logoView(config.logo, assets, configDir),
    issue_line: issueLine(issue, locale),
    intro: mark(issue.intro),
    signoff: mark(issue.signoff),
    sections,
    connect:
      connectItems.length > 0
        ? {
            heading: config.connect?.heading ?? locale.connect_heading,
            intro: mark(config.connect?.intro),
            items: connectItems.map((item) => itemView(item, locale, slots, assets, configDir)),
          }
        : undefined,
    footer: {
      partners: config.footer?.partners ?? [],
      copyright: config.footer?.copyright,
      imprint_url: config.footer?.imprint_url,
      privacy_url: config.footer?.privacy_url,
    },
    unsubscribe_url: slots.marker({ kind: 'unsubscribe' }),
    archive_url: archiveUrl,
    base_url: config.base_url,
    t: locale,
  };
}

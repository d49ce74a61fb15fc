import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { hasErrors, UserError, type Problem } from '../errors.js';
import type { Config } from '../config/types.js';
import { localizeConfig } from '../config/localize-config.js';
import { loadIssueSet } from '../issue/load-issue.js';
import { defaultLocaleDirs, defaultThemeDirs, renderIssue } from '../render/render-issue.js';
import { loadLocale, type Locale } from '../render/locale.js';
import { themeFiles } from '../render/theme.js';
import { issueLine } from '../render/view-model.js';
import type { RenderedIssue } from '../render/types.js';
import { writeAtomically, writeBuild, type BuildOutput } from '../render/write-build.js';
import { fillSlots } from '../render/personalize.js';
import { findIssueSets } from './find-issues.js';
import { atomFeed, publishedAt, type FeedEntry } from './atom-feed.js';
import { feedContent } from './feed-content.js';
import { archiveIndexPage, unsubscribeInfoPage, type ArchiveListing, type IndexPageTheme } from './index-page.js';
import { themeColours } from './theme-colours.js';

/** An issue the archive left out, and why: not sent and not marked public, or dated in the future. */
export interface SkippedIssue {
  id: string;
  reason: 'draft' | 'future';
  /** The issue's date, for `future`. */
  date?: string;
}

export interface ArchiveResult {
  outDir: string;
  issues: number;
  outputs: BuildOutput[];
  /** The index page of each language (the default language's is `index.html`). */
  indexes: string[];
  /** The Atom feed of each language: `feed.<lang>.xml`. */
  feeds: string[];
  skipped: SkippedIssue[];
}

export interface ArchiveOptions {
  outDir: string;
  /** Issue ids the journal knows as sent to readers: these are always published. */
  sentIds: ReadonlySet<string>;
  /** The clock (tests inject it): nothing unsent dated after today is published, no feed date is later. */
  now?: Date;
}

/** The archived copy's unsubscribe link: unsubscribing needs the reader's own mail. */
function archivedValues(rendered: RenderedIssue) {
  return { fields: {}, unsubscribeUrl: `../../unsubscribe.${rendered.lang}.html` };
}

function localeText(locale: Locale, key: string, fallback?: string): string {
  const value = (locale as unknown as Record<string, unknown>)[key];
  if (typeof value === 'string') return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`the locale for "${locale.lang}" has no "${key}" string`);
}

/**
 * The web version of `rendered` issues as the archive holds them (`<outDir>/<id>/<lang>/`,
 * images beside): what a real send publishes before it starts, since its mails link there.
 */
export function writeIssuePages(rendered: RenderedIssue[], outDir: string): Promise<BuildOutput[]> {
  return writeBuild(rendered, resolve(outDir), archivedValues);
}

/** Whether a file says `public: true`, read without the rest of the checks: a draft may be unfinished. */
function markedPublic(file: string): boolean {
  try {
    return parseDocument(readFileSync(file, 'utf8')).get('public') === true;
  } catch {
    return false;
  }
}

/** The index page of `lang`, relative to the archive: the default language's is `index.html`. */
function indexName(lang: string, config: Config): string {
  return lang === config.default_language ? 'index.html' : `index.${lang}.html`;
}

/**
 * The public web archive under `<base_url>/archive/`: every issue the journal knows as sent
 * (the sent mails link their images there), plus files marked `public: true` whose date has
 * come; drafts are skipped, not read. Each issue and language as it was mailed (personal
 * fields at their defaults), an index page and an Atom feed per language. Renders
 * everything before writing anything; a published issue with an error writes nothing.
 */
export async function buildArchive(config: Config, options: ArchiveOptions): Promise<ArchiveResult> {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const problems: Problem[] = [];
  const skipped: SkippedIssue[] = [];
  const rendered: RenderedIssue[] = [];
  for (const { id, files } of await findIssueSets(join(config.dir, 'issues'))) {
    const sent = options.sentIds.has(id);
    if (!sent && !files.some(markedPublic)) {
      skipped.push({ id, reason: 'draft' });
      continue;
    }
    const checked = await loadIssueSet(files[0], config);
    problems.push(...checked.problems.filter((p) => p.severity === 'error'));
    if (!checked.value || hasErrors(checked.problems)) continue;
    // unsent: only the languages marked public, once their date has come
    const chosen = sent ? checked.value.issues : checked.value.issues.filter((issue) => issue.public === true);
    const due = sent ? chosen : chosen.filter((issue) => issue.date <= today);
    if (due.length === 0) {
      skipped.push({ id, reason: 'future', date: chosen[0]?.date });
      continue;
    }
    for (const issue of due) {
      try {
        rendered.push(await renderIssue(issue, config));
      } catch (error) {
        if (!(error instanceof UserError) || error.problems.length === 0) throw error;
        problems.push(...error.problems);
      }
    }
  }
  if (problems.length > 0) {
    throw new UserError(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in the issues to publish; the archive was not written`, {
      problems,
    });
  }

  const outDir = resolve(options.outDir);
  const localeDirs = defaultLocaleDirs(config);
  const base = `${config.base_url}/archive`;
  const outputs = await writeBuild(rendered, outDir, archivedValues);
  // every language of the config has its index and feed, so the language switch never leads nowhere
  const languages = [...(config.languages ?? [config.default_language])];
  for (const r of rendered) if (!languages.includes(r.lang)) languages.push(r.lang);

  const listings = new Map<string, ArchiveListing>();
  const entries = new Map<string, FeedEntry[]>(languages.map((lang) => [lang, []]));
  for (const [i, r] of rendered.entries()) {
    const locale = loadLocale(r.lang, localeDirs);
    const subject = fillSlots(r.subject, archivedValues(r), 'header');
    const listing = listings.get(r.id) ?? { id: r.id, number: r.issue.number, date: r.issue.date, versions: [] };
    listing.versions.push({ lang: r.lang, line: issueLine(r.issue, locale), subject, href: `${r.id}/${r.lang}/index.html` });
    listings.set(r.id, listing);
    const url = `${base}/${r.id}/${r.lang}/`;
    const html = readFileSync(outputs[i].html, 'utf8');
    entries.get(r.lang)!.push({ url, title: subject, summary: r.preheader || undefined, content: feedContent(html, url), lang: r.lang, published: publishedAt(r.issue.date, now) });
  }

  const colours = themeColours(themeFiles(defaultThemeDirs(config)));
  const logoFile = config.logo ? resolve(config.dir, config.logo.src) : undefined;
  const indexes: string[] = [];
  const feeds: string[] = [];
  await mkdir(outDir, { recursive: true });
  for (const lang of languages) {
    const locale = loadLocale(lang, localeDirs);
    const local = localizeConfig(config, lang);
    const feedName = `feed.${lang}.xml`;
    const title = localeText(locale, 'archive_title').replace('{name}', local.name);
    const newestLogo = outputs
      .filter((o) => o.lang === lang)
      .sort((a, b) => b.id.localeCompare(a.id))
      .flatMap((o) => o.images)
      .find((image) => image.source === logoFile);
    const theme: IndexPageTheme = {
      colours,
      ...(newestLogo && local.logo ? { logo: { src: relative(outDir, newestLogo.file).split('\\').join('/'), alt: local.logo.alt, width: Math.min(config.logo?.width ?? 160, 600) } } : {}),
    };
    const switcher = languages.map((other) => ({
      lang: other,
      label: localeText(loadLocale(other, localeDirs), 'archive_language_name', other),
      href: indexName(other, config),
      current: other === lang,
    }));
    const page = archiveIndexPage(
      { lang, title, name: local.name, intro: local.tagline, feed: localeText(locale, 'archive_feed'), feedHref: feedName, languages: switcher, languageLabel: localeText(locale, 'archive_language_label', 'Language') },
      [...listings.values()],
      theme,
    );
    const feed = atomFeed({ lang, title, subtitle: local.tagline, author: local.name, url: `${base}/${indexName(lang, config)}`, self: `${base}/${feedName}`, entries: entries.get(lang) ?? [] });
    await writeAtomically(join(outDir, feedName), feed);
    await writeAtomically(join(outDir, indexName(lang, config)), page);
    feeds.push(join(outDir, feedName));
    indexes.push(join(outDir, indexName(lang, config)));
    const info = unsubscribeInfoPage(lang, localeText(locale, 'archive_unsubscribe_title'), localeText(locale, 'archive_unsubscribe_body'), localeText(locale, 'archive_back'));
    await writeAtomically(join(outDir, `unsubscribe.${lang}.html`), info.replace('href="index.html"', `href="${indexName(lang, config)}"`));
  }
  return { outDir, issues: listings.size, outputs, indexes, feeds, skipped };
}

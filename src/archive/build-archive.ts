import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hasErrors, UserError, type Problem } from '../errors.js';
import type { Config } from '../config/types.js';
import { localizeConfig } from '../config/localize-config.js';
import { loadIssueSet } from '../issue/load-issue.js';
import type { IssueSet } from '../issue/types.js';
import { defaultLocaleDirs, renderIssue } from '../render/render-issue.js';
import { loadLocale } from '../render/locale.js';
import { issueLine } from '../render/view-model.js';
import type { RenderedIssue } from '../render/types.js';
import { writeAtomically, writeBuild, type BuildOutput } from '../render/write-build.js';
import { fillSlots } from '../render/personalize.js';
import { findIssueFiles } from './find-issues.js';
import { atomFeed, type FeedEntry } from './atom-feed.js';
import { archiveIndexPage, unsubscribeInfoPage, type ArchiveListing } from './index-page.js';

export interface ArchiveResult {
  outDir: string;
  issues: number;
  outputs: BuildOutput[];
  index: string;
  feed: string;
}

/** The archived copy's unsubscribe link: unsubscribing needs the reader's own mail. */
function archivedValues(rendered: RenderedIssue) {
  return { fields: {}, unsubscribeUrl: `../../unsubscribe.${rendered.lang}.html` };
}

function localeText(locale: Record<string, unknown>, key: string): string {
  const value = locale[key];
  if (typeof value !== 'string') throw new Error(`the locale for "${String(locale.lang)}" has no "${key}" string`);
  return value;
}

/**
 * The web archive of every issue in `<project>/issues/`: each issue and language as it was
 * mailed (personal fields at their defaults), an index page and an Atom feed, laid out as
 * the sent mails expect it under `<base_url>/archive/` (their images link there). Renders
 * everything before writing anything; any invalid issue writes nothing.
 */
export async function buildArchive(config: Config, options: { outDir: string }): Promise<ArchiveResult> {
  const files = await findIssueFiles(join(config.dir, 'issues'));
  const problems: Problem[] = [];
  const sets: IssueSet[] = [];
  for (const file of files) {
    const checked = await loadIssueSet(file, config);
    problems.push(...checked.problems.filter((p) => p.severity === 'error'));
    if (checked.value && !hasErrors(checked.problems)) sets.push(checked.value);
  }
  const rendered: RenderedIssue[] = [];
  for (const set of sets) {
    for (const issue of set.issues) {
      try {
        rendered.push(await renderIssue(issue, config));
      } catch (error) {
        if (!(error instanceof UserError) || error.problems.length === 0) throw error;
        problems.push(...error.problems);
      }
    }
  }
  if (problems.length > 0) {
    throw new UserError(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in the issues; the archive was not written`, {
      problems,
    });
  }

  const outDir = resolve(options.outDir);
  const localeDirs = defaultLocaleDirs(config);
  const base = `${config.base_url}/archive`;
  const listings = new Map<string, ArchiveListing>();
  const entries: FeedEntry[] = [];
  for (const r of rendered) {
    const locale = loadLocale(r.lang, localeDirs);
    const line = issueLine(r.issue, locale);
    const subject = fillSlots(r.subject, archivedValues(r), 'header');
    const listing = listings.get(r.id) ?? { id: r.id, number: r.issue.number, date: r.issue.date, versions: [] };
    listing.versions.push({ lang: r.lang, line, subject, href: `${r.id}/${r.lang}/index.html` });
    listings.set(r.id, listing);
    entries.push({ url: `${base}/${r.id}/${r.lang}/`, title: subject, summary: r.preheader || undefined, lang: r.lang, date: r.issue.date });
  }

  const mainLang = config.default_language;
  const mainLocale = loadLocale(mainLang, localeDirs);
  const { name, tagline } = localizeConfig(config, mainLang);
  const title = localeText(mainLocale, 'archive_title').replace('{name}', name);
  const index = archiveIndexPage({ lang: mainLang, title, intro: tagline, feed: localeText(mainLocale, 'archive_feed') }, [...listings.values()]);
  const feed = atomFeed({ title: name, subtitle: tagline, url: `${base}/`, self: `${base}/feed.xml`, entries });

  const outputs = await writeBuild(rendered, outDir, archivedValues);
  const languages = [...new Set(rendered.map((r) => r.lang))];
  for (const lang of languages) {
    const locale = loadLocale(lang, localeDirs);
    const page = unsubscribeInfoPage(
      lang,
      localeText(locale, 'archive_unsubscribe_title'),
      localeText(locale, 'archive_unsubscribe_body'),
      localeText(locale, 'archive_back'),
    );
    await writeAtomically(join(outDir, `unsubscribe.${lang}.html`), page);
  }
  await mkdir(outDir, { recursive: true });
  await writeAtomically(join(outDir, 'feed.xml'), feed);
  await writeAtomically(join(outDir, 'index.html'), index);
  return { outDir, issues: listings.size, outputs, index: join(outDir, 'index.html'), feed: join(outDir, 'feed.xml') };
}

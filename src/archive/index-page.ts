import { escapeHtml } from '../render/personalize.js';
import type { ArchiveColours } from './theme-colours.js';

export interface ArchiveListing {
  id: string;
  number: number;
  date: string;
  /** Per language: the localised issue line ("Ausgabe Nr. 34 · Dezember 2020"), subject and relative link. */
  versions: { lang: string; line: string; subject: string; href: string }[];
}

export interface IndexPageText {
  lang: string;
  /** The page's title: "Städte im Dialog – Archiv". */
  title: string;
  /** The newsletter's name in the masthead. */
  name: string;
  intro?: string;
  feed: string;
  /** This language's feed, relative: `feed.de.xml`. */
  feedHref: string;
  /** The other languages' indexes; empty for a newsletter in one language. */
  languages: { lang: string; label: string; href: string; current: boolean }[];
  languageLabel: string;
}

/** The newsletter's look: its colours and logo (a path relative to the index page). */
export interface IndexPageTheme {
  colours: ArchiveColours;
  logo?: { src: string; alt: string; width: number };
}

/**
 * The archive's index in one language: the newsletter's masthead (name, logo, colours),
 * a language switch, every issue of that language, newest first. Self-contained (inline
 * style, no script, no external asset), readable on a phone.
 */
export function archiveIndexPage(text: IndexPageText, listings: ArchiveListing[], theme: IndexPageTheme): string {
  const { colours } = theme;
  const items = [...listings]
    .sort((a, b) => b.date.localeCompare(a.date) || b.number - a.number)
    .flatMap((listing) => listing.versions.filter((v) => v.lang === text.lang))
    .map((v) => `    <li class="issue"><a href="${escapeHtml(v.href)}">${escapeHtml(v.subject)}</a><br><span class="line">${escapeHtml(v.line)}</span></li>`)
    .join('\n');
  const logo = theme.logo
    ? `  <img class="logo" src="${escapeHtml(theme.logo.src)}" alt="${escapeHtml(theme.logo.alt)}" width="${theme.logo.width}">\n`
    : '';
  const switcher =
    text.languages.length > 1
      ? `  <nav class="languages" aria-label="${escapeHtml(text.languageLabel)}">${text.languages
          .map((l) =>
            l.current
              ? `<span lang="${escapeHtml(l.lang)}" aria-current="page">${escapeHtml(l.label)}</span>`
              : `<a lang="${escapeHtml(l.lang)}" hreflang="${escapeHtml(l.lang)}" href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`,
          )
          .join(' · ')}</nav>\n`
      : '';
  return `<!doctype html>
<html lang="${escapeHtml(text.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)}</title>
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(text.title)}" href="${escapeHtml(text.feedHref)}">
<style>
  body { font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif; color: ${colours.text}; background: ${colours.page}; margin: 0; line-height: 1.5; }
  header { background: ${colours.brand}; color: #ffffff; border-bottom: 5px solid ${colours.accent}; }
  header > div, main { margin: 0 auto; max-width: 40rem; padding: 1.5rem 1rem; }
  h1 { font-size: 1.8rem; margin: 0; }
  header p { margin: .5rem 0 0; }
  .logo { display: block; max-width: 100%; height: auto; margin-bottom: 1rem; }
  .languages { margin-top: 1rem; font-size: .95rem; }
  .languages a { color: #ffffff; }
  .languages [aria-current] { font-weight: bold; }
  main { background: #ffffff; }
  a { color: ${colours.brand}; text-decoration: underline; }
  ul { list-style: none; padding: 0; margin: 0; }
  .issue { border-top: 1px solid #d9dee3; padding: .75rem 0; }
  .line { font-size: .9rem; opacity: .8; }
</style>
</head>
<body>
<header><div>
${logo}  <h1>${escapeHtml(text.name)}</h1>
${text.intro ? `  <p>${escapeHtml(text.intro)}</p>\n` : ''}${switcher}</div></header>
<main>
  <ul>
${items}
  </ul>
  <p><a href="${escapeHtml(text.feedHref)}">${escapeHtml(text.feed)}</a></p>
</main>
</body>
</html>
`;
}

/** The page an archived copy's unsubscribe link leads to: unsubscribing needs the reader's own copy. */
export function unsubscribeInfoPage(lang: string, title: string, body: string, back: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body { font-family: Arial, Helvetica, sans-serif; color: #1f2933; margin: 0 auto; max-width: 40rem; padding: 1.5rem 1rem; line-height: 1.5; } a { color: #0b5394; }</style>
</head>
<body>
<main>
  <h1>${escapeHtml(title)}</h1>
  <p>${escapeHtml(body)}</p>
  <p><a href="index.html">${escapeHtml(back)}</a></p>
</main>
</body>
</html>
`;
}

import { escapeHtml } from '../render/personalize.js';

export interface ArchiveListing {
  id: string;
  number: number;
  date: string;
  /** Per language: the localised issue line ("Ausgabe Nr. 34 · Dezember 2020"), subject and relative link. */
  versions: { lang: string; line: string; subject: string; href: string }[];
}

export interface IndexPageText {
  lang: string;
  title: string;
  intro?: string;
  feed: string;
}

/**
 * The archive's index: every issue, newest first, each language a link. Self-contained
 * (inline style, no script, no external asset), readable on a phone.
 */
export function archiveIndexPage(text: IndexPageText, listings: ArchiveListing[]): string {
  const items = [...listings]
    .sort((a, b) => b.date.localeCompare(a.date) || b.number - a.number)
    .map((listing) => {
      const versions = listing.versions
        .map(
          (v) =>
            `<li lang="${escapeHtml(v.lang)}"><a href="${escapeHtml(v.href)}">${escapeHtml(v.subject)}</a>` +
            `<br><span class="line">${escapeHtml(v.line)} · ${escapeHtml(v.lang)}</span></li>`,
        )
        .join('\n        ');
      return `    <li class="issue">\n      <ul>\n        ${versions}\n      </ul>\n    </li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(text.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)}</title>
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(text.title)}" href="feed.xml">
<style>
  body { font-family: Arial, Helvetica, sans-serif; color: #1f2933; background: #ffffff; margin: 0 auto; max-width: 40rem; padding: 1.5rem 1rem; line-height: 1.5; }
  h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
  a { color: #0b5394; text-decoration: underline; }
  ul { list-style: none; padding: 0; margin: 0; }
  .issue { border-top: 1px solid #d9dee3; padding: .75rem 0; }
  .issue li { margin: .25rem 0; }
  .line { color: #4a5561; font-size: .9rem; }
</style>
</head>
<body>
<main>
  <h1>${escapeHtml(text.title)}</h1>
${text.intro ? `  <p>${escapeHtml(text.intro)}</p>\n` : ''}  <ul>
${items}
  </ul>
  <p><a href="feed.xml">${escapeHtml(text.feed)}</a></p>
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

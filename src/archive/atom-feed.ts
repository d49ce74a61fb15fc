/** The Atom feeds (RFC 4287) of the archive: one per language, one entry per issue. */

export interface FeedEntry {
  /** Absolute URL of the archived mail. */
  url: string;
  title: string;
  summary?: string;
  /** The mail's HTML with absolute links (see feedContent). */
  content?: string;
  lang: string;
  /** When it was published, never in the future: `2020-12-01T12:00:00Z`. */
  published: string;
}

export interface Feed {
  lang: string;
  title: string;
  subtitle?: string;
  /** The newsletter's name. */
  author: string;
  /** Absolute URL of the archive's index page in this language. */
  url: string;
  /** Absolute URL of the feed itself. */
  self: string;
  entries: FeedEntry[];
}

function xml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * Issue dates carry no time: an issue counts as published at noon UTC of its date (no time
 * zone moves the day), but never later than `now`, so a feed has no dates in the future.
 */
export function publishedAt(date: string, now: Date): string {
  const noon = `${date}T12:00:00Z`;
  return Date.parse(noon) > now.getTime() ? `${now.toISOString().slice(0, 19)}Z` : noon;
}

/** The feed's XML; deterministic (the newest entry's time is the feed's `updated`). */
export function atomFeed(feed: Feed): string {
  const entries = [...feed.entries].sort((a, b) => b.published.localeCompare(a.published) || a.url.localeCompare(b.url));
  const updated = entries[0]?.published ?? '1970-01-01T00:00:00Z';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(feed.lang)}">`,
    `  <title>${xml(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle>${xml(feed.subtitle)}</subtitle>`] : []),
    `  <id>${xml(feed.self)}</id>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.url)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.self)}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(feed.author)}</name></author>`,
  ];
  for (const entry of entries) {
    lines.push(
      `  <entry xml:lang="${xml(entry.lang)}">`,
      `    <title>${xml(entry.title)}</title>`,
      `    <id>${xml(entry.url)}</id>`,
      `    <link rel="alternate" type="text/html" href="${xml(entry.url)}"/>`,
      `    <published>${entry.published}</published>`,
      `    <updated>${entry.published}</updated>`,
      ...(entry.summary ? [`    <summary>${xml(entry.summary)}</summary>`] : []),
      ...(entry.content ? [`    <content type="html">${xml(entry.content)}</content>`] : []),
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

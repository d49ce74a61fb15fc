/** The Atom feed (RFC 4287) of the archive: one entry per issue and language. */

export interface FeedEntry {
  /** Absolute URL of the archived mail. */
  url: string;
  title: string;
  summary?: string;
  lang: string;
  /** ISO date of the issue: `2020-12-15`. */
  date: string;
}

export interface Feed {
  title: string;
  subtitle?: string;
  /** Absolute URL of the archive's index page. */
  url: string;
  /** Absolute URL of the feed itself. */
  self: string;
  entries: FeedEntry[];
}

function xml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Issue dates carry no time: they are published at noon UTC, so no time zone moves the day. */
function timestamp(date: string): string {
  return `${date}T12:00:00Z`;
}

/** The feed's XML; deterministic (the newest entry's date is the feed's `updated`). */
export function atomFeed(feed: Feed): string {
  const entries = [...feed.entries].sort((a, b) => b.date.localeCompare(a.date) || a.url.localeCompare(b.url));
  const updated = entries[0] ? timestamp(entries[0].date) : '1970-01-01T00:00:00Z';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle>${xml(feed.subtitle)}</subtitle>`] : []),
    `  <id>${xml(feed.url)}</id>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.url)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.self)}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(feed.title)}</name></author>`,
  ];
  for (const entry of entries) {
    lines.push(
      `  <entry xml:lang="${xml(entry.lang)}">`,
      `    <title>${xml(entry.title)}</title>`,
      `    <id>${xml(entry.url)}</id>`,
      `    <link rel="alternate" type="text/html" href="${xml(entry.url)}"/>`,
      `    <published>${timestamp(entry.date)}</published>`,
      `    <updated>${timestamp(entry.date)}</updated>`,
      ...(entry.summary ? [`    <summary>${xml(entry.summary)}</summary>`] : []),
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

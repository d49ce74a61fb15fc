/**
 * The archived mail as a feed entry's content: the inside of its `<body>`, every relative
 * `src`/`href`/`background` made absolute against the copy's own URL (feed readers show
 * the content away from the archive, and many ignore `xml:base`).
 * `feedContent('<body><img src="a.png"></body>', 'https://x.org/archive/1/de/')` →
 * `<img src="https://x.org/archive/1/de/a.png">`
 */
export function feedContent(html: string, pageUrl: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body.trim().replace(/\b(src|href|background)="([^"]*)"/gi, (whole, name: string, value: string) => {
    if (value === '' || value.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(value)) return whole;
    try {
      return `${name}="${new URL(value.replace(/&amp;/g, '&'), pageUrl).href.replace(/&/g, '&amp;')}"`;
    } catch {
      return whole;
    }
  });
}

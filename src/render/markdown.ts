import { Marked, type Tokens } from 'marked';
import { isAllowedLink } from '../source/link-policy.js';
import { escapeHtml } from './personalize.js';

/** True for hrefs a mail may carry: the link policy's (http, https, mailto, tel), or a personal slot (checked when filled). */
export function isSafeHref(href: string, slotPrefix = 'nlslot'): boolean {
  return isAllowedLink(href) || href.startsWith(slotPrefix);
}

/**
 * Markdown for mail: paragraphs, emphasis, links and lists as usual; raw HTML is shown
 * as text, never passed through; a link to anything but http(s)/mailto/tel keeps its text
 * and loses its target; images only from https.
 */
function mailMarked(breaks: boolean): Marked {
  return new Marked({
  gfm: true,
  breaks,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link): string {
      const text = this.parser.parseInline(token.tokens);
      if (!isSafeHref(token.href)) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      return `<a href="${escapeHtml(token.href)}"${title}>${text}</a>`;
    },
    image(token: Tokens.Image): string {
      if (!/^https:/i.test(token.href)) return escapeHtml(token.text);
      return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}" style="max-width:100%;height:auto">`;
    },
  },
  });
}

const paragraphs = mailMarked(false);
// for fields written line by line (a sign-off, an address): every line break counts
const lines = mailMarked(true);

/** How a Markdown field is read: `breaks` keeps each line break (sign-offs, addresses). */
export interface MarkdownOptions {
  breaks?: boolean;
}

/** `markdownToHtml('Hi **you** <b>')` → `<p>Hi <strong>you</strong> &lt;b&gt;</p>`. */
export function markdownToHtml(markdown: string, options: MarkdownOptions = {}): string {
  return ((options.breaks ? lines : paragraphs).parse(markdown) as string).trim();
}

/** Markdown without the surrounding paragraph: for short fields like a contact. */
export function markdownInline(markdown: string, options: MarkdownOptions = {}): string {
  return ((options.breaks ? lines : paragraphs).parseInline(markdown) as string).trim();
}

const STYLABLE = /<(a|p|ul|ol|li|strong|em|img)(?=[\s>])/g;

/**
 * Puts a theme's inline styles on the tags Markdown produced:
 * `styleTags('<p>x <a href="#">y</a></p>', { a: 'color:#0E4D5C' })` →
 * `<p>x <a style="color:#0E4D5C" href="#">y</a></p>`. Inline styles reach every mail client,
 * and they spare MJML a CSS-inlining pass per render. Safe because raw HTML in content is
 * escaped: every `<` left is Markdown's own.
 */
export function styleTags(html: string, styles: Record<string, unknown>): string {
  return html.replace(STYLABLE, (whole, tag: string) => {
    const style = styles[tag];
    return typeof style === 'string' && style !== '' ? `<${tag} style="${escapeHtml(style)}"` : whole;
  });
}

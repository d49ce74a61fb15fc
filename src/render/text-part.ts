import { labelledUrl, markdownToText, TEXT_WIDTH, wrap } from './plain-text.js';
import type { IssueView, ItemView } from './view-model.js';

const RULE = '='.repeat(TEXT_WIDTH);
const THIN_RULE = '-'.repeat(TEXT_WIDTH);
// fields written line by line keep their line breaks
const LINES = { breaks: true };

function itemText(item: ItemView, view: IssueView): string {
  const lines: string[] = [];
  // no upper-casing of content: it would break slot markers
  if (item.label) lines.push(wrap(`[${item.label}]`));
  lines.push(wrap(item.title));
  if (item.subtitle) lines.push(wrap(item.subtitle));
  const meta = [item.when, item.location].filter(Boolean).join(' · ');
  if (meta) lines.push(wrap(meta));
  const blocks = [lines.join('\n')];
  if (item.body) blocks.push(markdownToText(item.body));
  const tail: string[] = [];
  if (item.contact) tail.push(wrap(`${view.t.contact}: ${markdownToText(item.contact, LINES)}`, TEXT_WIDTH, '  '));
  if (item.link) tail.push(labelledUrl(item.link_label, item.link));
  if (tail.length > 0) blocks.push(tail.join('\n'));
  return blocks.join('\n\n');
}

function heading(text: string): string {
  return `${RULE}\n${wrap(text.toUpperCase())}\n${RULE}`;
}

/**
 * The plain-text part, written from the issue's data rather than scraped from the HTML:
 * masthead, editorial, each section with its items, the connect block and the footer with
 * the unsubscribe URL, wrapped at 72 columns.
 */
export function renderTextPart(view: IssueView): string {
  const blocks: string[] = [];
  blocks.push([view.name, view.tagline, view.issue_line].filter(Boolean).map((l) => wrap(l!)).join('\n'));
  if (view.t.view_in_browser) blocks.push(labelledUrl(view.t.view_in_browser, view.archive_url));
  if (view.intro) blocks.push(markdownToText(view.intro));
  if (view.signoff) blocks.push(markdownToText(view.signoff, LINES));
  for (const section of view.sections) {
    blocks.push(heading(section.heading));
    blocks.push(section.items.map((item) => itemText(item, view)).join(`\n\n${THIN_RULE}\n\n`));
  }
  if (view.connect) {
    blocks.push(heading(view.connect.heading));
    if (view.connect.intro) blocks.push(markdownToText(view.connect.intro));
    blocks.push(view.connect.items.map((item) => itemText(item, view)).join('\n\n'));
  }
  const footer: string[] = [];
  if (view.footer.partners.length > 0) {
    footer.push(
      [
        wrap(view.t.partners_heading),
        ...view.footer.partners.map((p) =>
          [p.name, p.address && markdownToText(p.address, LINES), p.contact && markdownToText(p.contact, LINES), p.email].filter(Boolean).join('\n'),
        ),
      ].join('\n\n'),
    );
  }
  const links: string[] = [];
  if (view.footer.copyright) links.push(wrap(view.footer.copyright));
  if (view.footer.imprint_url) links.push(labelledUrl(view.t.imprint, view.footer.imprint_url));
  if (view.footer.privacy_url) links.push(labelledUrl(view.t.privacy, view.footer.privacy_url));
  if (links.length > 0) footer.push(links.join('\n'));
  // the real link is longer than its slot marker: always on a line of its own
  footer.push(`${wrap(view.t.unsubscribe_note)}\n${view.t.unsubscribe_text}:\n${view.unsubscribe_url}`);
  blocks.push(`${THIN_RULE}\n\n${footer.join('\n\n')}`);
  return `${blocks.join('\n\n')}\n`;
}

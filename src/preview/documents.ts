import { escapeHtml } from '../render/personalize.js';
import type { PreviewState } from './state.js';

/** What the toolbar can show in the frame. */
export const VIEW_NAMES = ['html', 'text', 'headers', 'mjml'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

const SOURCE_STYLE = `
  html { background: #fff; color: #1d232b; }
  body { margin: 0; padding: 20px 22px; font: 14px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 6px 10px 6px 0; border-bottom: 1px solid #e6e8eb; }
  th { white-space: nowrap; color: #56606b; font-weight: 600; }
  td { overflow-wrap: anywhere; }
  .note { font: 13px/1.5 system-ui, sans-serif; color: #56606b; margin: 14px 0 0; }
  .warn { font: 13px/1.5 system-ui, sans-serif; color: #7a4b00; background: #fff4d6; padding: 8px 10px; border-radius: 6px; margin: 0 0 14px; }
`;

function sourceDocument(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${SOURCE_STYLE}</style></head><body>${body}</body></html>`;
}

/**
 * Header values with RFC 2047 encoded words (`=?UTF-8?B?…?=`) as the reader's mail program
 * shows them: the table is for reading, the note says what goes over the wire.
 */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (whole, charset: string, encoding: string, text: string) => {
      try {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
        return new TextDecoder(charset).decode(bytes);
      } catch {
        return whole;
      }
    });
}

/** A header value as a mail program shows it: encoded words decoded, a quoted name unquoted. */
function readableHeader(value: string): string {
  return decodeEncodedWords(value).replace(/"((?:[^"\\]|\\.)*)"/g, (_whole, inner: string) => inner.replace(/\\(.)/g, '$1'));
}

/** Links in the mail open outside the preview, so the frame keeps showing the mail. */
function withLinksInNewTabs(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}${base}`) : base + html;
}

/**
 * The frame's document for `view`: the reader's HTML as it is (links open in a new tab),
 * or the plain-text part, the headers or the MJML source as readable text.
 */
export function mailDocument(state: PreviewState, view: ViewName): string {
  const mail = state.mail;
  if (!mail) return sourceDocument('problem', `<p class="note">${escapeHtml(state.message ?? 'the issue has problems: see above')}</p>`);
  switch (view) {
    case 'html':
      return withLinksInNewTabs(mail.html);
    case 'text':
      return sourceDocument('plain text', `<pre>${escapeHtml(mail.text)}</pre>`);
    case 'mjml':
      return sourceDocument('MJML', `<pre>${escapeHtml(mail.mjml)}</pre>`);
    case 'headers': {
      const rows = mail.headers.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(readableHeader(value))}</td></tr>`).join('');
      const warnings = mail.headerWarnings.map((w) => `<p class="warn">${escapeHtml(w)}</p>`).join('');
      return sourceDocument(
        'headers',
        `${warnings}<table>${rows}</table><p class="note">Non-ASCII text goes out encoded (RFC 2047) and is shown decoded here. Message-ID and Date are added per message when the issue is sent. The unsubscribe link is this reader's own, sealed with ${state.usingDevKey ? 'the development key of the state folder (NEWSLETTER_SECRET is not set)' : 'NEWSLETTER_SECRET'}.</p>`,
      );
    }
  }
}

import { escapeHtml } from '../render/personalize.js';
import { endpointStrings, fill, type EndpointStrings } from './endpoint-strings.js';

export type PageKind = 'confirm' | 'already' | 'done' | 'not_found' | 'no_page' | 'bad_request' | 'too_large' | 'error';

export interface PageInput {
  lang: string;
  kind: PageKind;
  /** The newsletter's name: the only thing about the link the pages show (never the address). */
  listName?: string;
}

/** The only style of the pages; allowed by the Content-Security-Policy's `style-src` hash. */
export const PAGE_STYLE =
  'body{font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:2rem 1rem;background:#f4f4f4;color:#1a1a1a}' +
  'main{max-width:32rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 1.5rem 2rem}' +
  'h1{font-size:1.4rem;line-height:1.3;margin:0 0 1rem}' +
  'button{font:inherit;font-weight:600;color:#fff;background:#b3261e;border:0;border-radius:6px;padding:.75rem 1.5rem;cursor:pointer;width:100%;max-width:20rem}' +
  'button:focus{outline:3px solid #1a1a1a;outline-offset:2px}';

function titleAndBody(kind: PageKind, s: EndpointStrings, values: Record<string, string>): [string, string] {
  const text = (template: string) => `<p>${escapeHtml(fill(template, values))}</p>`;
  switch (kind) {
    case 'confirm':
      return [
        s.confirm_title,
        `<h1>${escapeHtml(fill(s.confirm_heading, values))}</h1>${text(s.confirm_text)}` +
          // No action attribute: the form posts back to this very /u/TOKEN address.
          `<form method="post"><input type="hidden" name="confirm" value="yes"><button type="submit">${escapeHtml(s.confirm_button)}</button></form>`,
      ];
    case 'already':
      return [s.done_title, `<h1>${escapeHtml(s.done_heading)}</h1>${text(s.already_text)}`];
    case 'done':
      return [s.done_title, `<h1>${escapeHtml(s.done_heading)}</h1>${text(s.done_text)}`];
    case 'not_found':
      return [s.not_found_title, `<h1>${escapeHtml(s.not_found_title)}</h1>${text(s.not_found_text)}`];
    case 'no_page':
      return [s.no_page_title, `<h1>${escapeHtml(s.no_page_title)}</h1>${text(s.no_page_text)}`];
    case 'bad_request':
      return [s.bad_request_title, `<h1>${escapeHtml(s.bad_request_title)}</h1>${text(s.bad_request_text)}`];
    case 'too_large':
      return [s.too_large_title, `<h1>${escapeHtml(s.too_large_title)}</h1>${text(s.too_large_text)}`];
    case 'error':
      return [s.error_title, `<h1>${escapeHtml(s.error_title)}</h1>${text(s.error_text)}`];
  }
}

/** A whole page: no scripts, no external assets, readable on a phone. */
export function renderPage(input: PageInput): string {
  const s = endpointStrings(input.lang);
  const values = { list: input.listName || s.list_fallback };
  const [title, body] = titleAndBody(input.kind, s, values);
  return (
    `<!doctype html><html lang="${escapeHtml(input.lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>\n`
  );
}

import { Lexer, type Token, type Tokens } from 'marked';
import { isSafeHref } from './markdown.js';

/** Column the plain-text part wraps at. */
export const TEXT_WIDTH = 72;

function inline(tokens: Token[] | undefined): string {
  let out = '';
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'link': {
        const link = token as Tokens.Link;
        const text = inline(link.tokens);
        // the same link policy as the HTML part: a link it drops keeps only its text here too
        if (!isSafeHref(link.href)) out += text;
        else out += text === link.href || `mailto:${text}` === link.href || `tel:${text}` === link.href ? text : `${text} <${link.href}>`;
        break;
      }
      case 'image':
        out += (token as Tokens.Image).text;
        break;
      case 'br':
        out += '\n';
        break;
      case 'strong':
      case 'em':
      case 'del':
        out += inline((token as Tokens.Strong).tokens);
        break;
      case 'codespan':
        out += (token as Tokens.Codespan).text;
        break;
      default: {
        const withTokens = token as { tokens?: Token[]; text?: string };
        // a soft line break in Markdown is a space; only `br` (two spaces, backslash) breaks the line
        out += withTokens.tokens ? inline(withTokens.tokens) : (withTokens.text ?? token.raw).replace(/\n/g, ' ');
      }
    }
  }
  return out;
}

function blocks(tokens: Token[], indent = ''): string[] {
  const paragraphs: string[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'list': {
        const list = token as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        const lines = list.items.map((item, i) => {
          const bullet = list.ordered ? `${start + i}. ` : '- ';
          const body = blocks(item.tokens, ' '.repeat(bullet.length)).join('\n');
          return wrap(bullet + body.trimStart(), TEXT_WIDTH - indent.length, ' '.repeat(bullet.length));
        });
        paragraphs.push(lines.join('\n'));
        break;
      }
      case 'heading':
      case 'paragraph':
      case 'text':
      case 'html':
      case 'code':
      case 'blockquote': {
        const withTokens = token as { tokens?: Token[]; text?: string };
        const text = token.type === 'blockquote' ? blocks((token as Tokens.Blockquote).tokens).join('\n\n') : withTokens.tokens ? inline(withTokens.tokens) : (withTokens.text ?? '');
        paragraphs.push(token.type === 'blockquote' ? wrap(text, TEXT_WIDTH - 2, '> ', '> ') : text);
        break;
      }
      default:
        paragraphs.push(token.raw.trim());
    }
  }
  return paragraphs;
}

/**
 * Markdown as readable plain text: links as `text <url>`, lists with `- `, paragraphs
 * wrapped; with `breaks`, every line break stays (sign-offs, addresses).
 */
export function markdownToText(markdown: string, options: { breaks?: boolean } = {}): string {
  return blocks(Lexer.lex(markdown, { gfm: true, breaks: options.breaks === true }))
    .map((p) => (p.startsWith('- ') || /^\d+\. /.test(p) || p.startsWith('> ') ? p : wrap(p)))
    .join('\n\n');
}

/** A slot marker (see slots.ts): its value is not known yet, so it takes no room when wrapping. */
const SLOT_MARKER = /nlslot[0-9a-f]{10}i\d+x/g;

function visibleLength(text: string): number {
  return text.includes('nlslot') ? text.replace(SLOT_MARKER, '').length : text.length;
}

/**
 * Greedy word wrap at `width` columns; hard line breaks stay; a word longer than the line
 * (a URL) stands alone rather than being cut. `rest` prefixes continuation lines.
 */
export function wrap(text: string, width = TEXT_WIDTH, rest = '', first = ''): string {
  const out: string[] = [];
  for (const hardLine of text.split('\n')) {
    let line = out.length === 0 ? first : rest;
    let empty = true;
    for (const word of hardLine.split(/[ \t]+/).filter(Boolean)) {
      if (!empty && visibleLength(line) + 1 + visibleLength(word) > width) {
        out.push(line);
        line = rest + word;
      } else {
        line += (empty ? '' : ' ') + word;
      }
      empty = false;
    }
    out.push(line);
  }
  return out.map((l) => l.trimEnd()).join('\n');
}

/** `label: url` on one line when it fits, else the URL alone on the next line. */
export function labelledUrl(label: string, url: string, width = TEXT_WIDTH): string {
  const shown = url.replace(/^mailto:/i, '');
  const line = `${label}: ${shown}`;
  return line.length <= width ? line : `${wrap(label)}:\n${shown}`;
}

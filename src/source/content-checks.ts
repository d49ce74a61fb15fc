/**
 * Checks on the text inside fields that a schema cannot express: placeholders other than
 * `{{subscriber.*}}`, raw HTML and unsafe links in Markdown, images that are not there.
 * Each points at the piece's own line and column where the YAML style allows.
 */
import type { Problem } from '../errors.js';
import { checkLocalImage } from './image-file.js';
import { Lexer, type Token, type Tokens } from 'marked';
import { isAllowedLink, LINK_SCHEMES_TEXT, linkScheme } from './link-policy.js';
import { scanPlaceholders, type FieldReference } from './personal-fields.js';
import { LANGUAGE_TAG, MARKDOWN_FIELDS, PERSONAL_TEXT_FIELDS } from './fields.js';
import { locateInValue, problemAt, stringValues, type PathSegment, type YamlSource } from './yaml-source.js';

const PERSONAL_HINT = 'personal fields look like {{subscriber.first_name}} or {{subscriber.first_name "Leserin, Leser"}}; write other braces without the double {{';
/** An HTML tag or comment as it would appear in Markdown; `<https://…>` autolinks do not match. */
const RAW_HTML = /<!--|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;

/**
 * The name of the field a value sits in: the last key of its path; with `localized`, the
 * key above a language key (`tagline: {de: …}` is in "tagline").
 */
function fieldOf(path: readonly PathSegment[], localized: boolean): string | undefined {
  const keys = path.filter((segment): segment is string => typeof segment === 'string');
  const last = keys[keys.length - 1];
  const parent = path[path.length - 2];
  if (localized && keys.length >= 2 && path[path.length - 1] === last && typeof parent === 'string' && LANGUAGE_TAG.test(last)) return parent;
  return last;
}

/** A reader field named in a file, located: what `checkPersonalFields` holds against a list. */
export interface PersonalFieldRef extends Omit<FieldReference, 'start' | 'end'> {
  file: string;
  line: number;
  column: number;
}

/** How often `piece` occurs in `text` before `start`: to locate the right one of equal pieces. */
function occurrencesBefore(text: string, piece: string, start: number): number {
  let count = 0;
  for (let at = text.indexOf(piece); at >= 0 && at < start; at = text.indexOf(piece, at + 1)) count++;
  return count;
}

/** Every link Markdown makes of `text` — inline, reference-style, autolinks — as the renderer will see it. */
function markdownLinks(text: string): { href: string; raw: string }[] {
  const links: { href: string; raw: string }[] = [];
  const walk = (tokens: readonly Token[] | undefined) => {
    for (const token of tokens ?? []) {
      if (token.type === 'link') links.push({ href: (token as Tokens.Link).href, raw: token.raw });
      const inner = token as { tokens?: Token[]; items?: { tokens: Token[] }[] };
      walk(inner.tokens);
      for (const item of inner.items ?? []) walk(item.tokens);
    }
  };
  walk(Lexer.lex(text, { gfm: true }));
  return links;
}

/**
 * Placeholders, raw HTML and links in every string value of the file; `localized` for files
 * (the config) where text may be a map per language. `fields` collects every reader field
 * the text names, located, for a later check against a list.
 */
export function checkTextContent(source: YamlSource, options: { localized?: boolean; fields?: PersonalFieldRef[] } = {}): Problem[] {
  const problems: Problem[] = [];
  for (const { path, value, node } of stringValues(source)) {
    const field = fieldOf(path, options.localized ?? false) ?? '';
    const where = (piece: string, occurrence: number) => locateInValue(source, node, piece, occurrence);
    const seen = new Map<string, number>();
    const occurrence = (piece: string) => {
      const n = seen.get(piece) ?? 0;
      seen.set(piece, n + 1);
      return n;
    };

    const { tokens, references, bad } = scanPlaceholders(value);
    for (const placeholder of bad) {
      const raw = value.slice(placeholder.start, placeholder.end);
      problems.push({
        file: source.display,
        ...where(raw, occurrence(raw)),
        message: placeholder.message ?? `"${raw}" is not a personal field: only {{subscriber.<column>}} is allowed in content`,
        severity: 'error',
        hint: placeholder.hint ?? PERSONAL_HINT,
      });
    }
    if (tokens.length > 0 && !PERSONAL_TEXT_FIELDS.has(field)) {
      const raw = value.slice(tokens[0].start, tokens[0].end);
      problems.push({
        file: source.display,
        ...where(raw, occurrence(raw)),
        message: `personal fields such as "${raw}" cannot be used in "${field}"`,
        severity: 'error',
        hint: 'use them in text the reader sees: subject, intro, title, body, …',
      });
    } else if (options.fields && tokens.length > 0) {
      for (const ref of references) {
        const raw = value.slice(ref.start, ref.end);
        options.fields.push({ field: ref.field, guarded: ref.guarded, hasDefault: ref.hasDefault, inCondition: ref.inCondition, file: source.display, ...where(raw, occurrencesBefore(value, raw, ref.start)) });
      }
    }
    const unclosed = value.replace(/\{\{[\s\S]*?\}\}/g, '').indexOf('{{');
    if (unclosed >= 0) {
      problems.push({
        file: source.display,
        ...where('{{', 0),
        message: `"{{" without a closing "}}" in "${field}"`,
        severity: 'warning',
        hint: PERSONAL_HINT,
      });
    }

    if (MARKDOWN_FIELDS.has(field)) {
      for (const match of value.matchAll(RAW_HTML)) {
        problems.push({
          file: source.display,
          ...where(match[0], occurrence(match[0])),
          message: `raw HTML ${match[0]} in "${field}" is shown as text, not used as markup`,
          severity: 'warning',
          hint: 'use Markdown instead: **bold**, *italic*, [text](https://…), lists with "- "',
        });
      }
      for (const link of markdownLinks(value)) {
        if (link.href.startsWith('{{') || isAllowedLink(link.href)) continue;
        const scheme = linkScheme(link.href);
        problems.push({
          file: source.display,
          ...where(link.raw, occurrence(link.raw)),
          message: scheme
            ? `a link in "${field}" uses "${scheme}:"; only ${LINK_SCHEMES_TEXT} links are allowed`
            : `a link in "${field}" leads to "${link.href}", which is not a whole address; only ${LINK_SCHEMES_TEXT} links are allowed`,
          severity: 'error',
          hint: scheme === 'javascript' ? 'mail clients block script links, and they are unsafe: link to a web page instead' : scheme ? undefined : 'write the whole address, e.g. https://example.org/page',
        });
      }
    }
  }
  return problems;
}

/**
 * An image `src`: an https URL, or a file relative to `baseDir` that is an image by its
 * content and lies inside one of `roots` (the project folder; default `baseDir`). Returns
 * the real path of a local file, and the problem if any.
 */
export function checkImageSource(
  source: YamlSource,
  path: readonly PathSegment[],
  src: string,
  baseDir: string,
  roots: readonly string[] = [baseDir],
): { file?: string; problem?: Problem } {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(src)?.[1]?.toLowerCase();
  if (scheme && !(scheme.length === 1 && /^[a-z]$/.test(scheme))) {
    if (scheme === 'https') return {};
    const hint = scheme === 'http' ? `write "https:${src.slice(5)}" if the server offers it, or save the image next to the issue` : 'save the image next to the issue and give its path, e.g. images/photo.jpg';
    return { problem: problemAt(source, path, `image "src" must be a path relative to the file or an https:// URL, found "${src}"`, { hint }) };
  }
  const checked = checkLocalImage(src, baseDir, roots);
  if ('file' in checked) return { file: checked.file };
  return { problem: problemAt(source, path, checked.message, checked.hint ? { hint: checked.hint } : {}) };
}

/**
 * The one link policy: a link in a mail, in either part, from the issue, the config or a
 * reader's CSV column, may use http, https, mailto or tel; nothing else (javascript:, data:,
 * file:, relative paths). Validation, the HTML part, the plain-text part and the per-reader
 * values all ask this module.
 */

/** The schemes a link may use. */
export const LINK_SCHEMES: readonly string[] = ['http', 'https', 'mailto', 'tel'];

const NAMED: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', amp: '&', sol: '/', lpar: '(', rpar: ')', period: '.' };

/** `&#106;`, `&#x6A;`, `&colon;` → their characters: how a browser reads an href. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/**
 * The scheme a browser would see in `href`, lower-cased, after entities are decoded and the
 * tabs, line breaks and control characters browsers ignore are dropped; undefined for a
 * relative link.
 * @example linkScheme(' Java&#115;cript:alert(1)') // 'javascript'
 */
export function linkScheme(href: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = decodeEntities(href).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(cleaned)?.[1]?.toLowerCase();
}

/**
 * True when a mail may carry `href` as a link.
 * @example isAllowedLink('tel:+49 30 1234') // true
 * @example isAllowedLink('javascript:alert(1)') // false
 */
export function isAllowedLink(href: string): boolean {
  const scheme = linkScheme(href);
  return scheme !== undefined && LINK_SCHEMES.includes(scheme);
}

/** The policy in words, for messages: `https:, http:, mailto: or tel:`. */
export const LINK_SCHEMES_TEXT = 'https:, http:, mailto: or tel:';

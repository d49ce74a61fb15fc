import type { Config } from '../config/types.js';
import { newsletterName } from '../config/localize-config.js';
import { UserError } from '../errors.js';
import { CONTROL_CHARACTERS, displayPhrase, headerSafe } from '../mime/encodings.js';
import { mailtoBaseOf, unsubscribeAddress } from './verp-token.js';

export interface ListHeaderOptions {
  /** The reader's `https://…/u/TOKEN`. */
  unsubscribeUrl: string;
  /** An optional `mailto:` unsubscribe address (`unsub@example.org` or `mailto:unsub@example.org?subject=…`). */
  mailto?: string;
  /** `newsletter.example.org`: an id under a domain the organisation owns (RFC 2919). */
  listId: string;
  /** The newsletter's name, shown by mail programs beside List-Id. */
  listName: string;
}

// Printable ASCII without space, `<`, `>` or `"`: what may stand between angle brackets.
const URI_SAFE = /^[\x21\x23-\x3b\x3d\x3f-\x7e]+$/;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * The list headers of a message (RFC 2369, 2919, 8058): `List-Unsubscribe` with the https
 * link and an optional mailto, `List-Unsubscribe-Post` for https links only, and
 * `List-Id`. Every value is one line of printable ASCII: a URL or id that would break
 * that is refused, a name is written as `displayPhrase` writes a sender's name.
 */
export function buildListHeaders(options: ListHeaderOptions): { headers: [string, string][]; warnings: string[] } {
  const warnings: string[] = [];
  const url = checkUri('the unsubscribe link', options.unsubscribeUrl);
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') {
    throw new UserError(`the unsubscribe link must start with https:// (found "${url}")`, { hint: 'set base_url in newsletter.config.yaml to the https address of `newsletter serve`' });
  }
  const uris = [`<${url}>`];
  if (options.mailto?.trim()) uris.push(`<${mailtoUri(options.mailto.trim())}>`);

  const headers: [string, string][] = [['List-Unsubscribe', uris.join(', ')]];
  if (scheme === 'https') {
    headers.push(['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click']);
  } else {
    warnings.push(
      `base_url is http:// (${url.replace(/\/u\/.*$/, '')}): one-click unsubscribe (RFC 8058) needs https, so List-Unsubscribe-Post is left out; use https before sending to real readers`,
    );
  }

  const listId = options.listId.trim();
  if (!DOT_ATOM.test(listId)) {
    throw new UserError(`list_id "${headerSafe(listId)}" cannot be used in List-Id`, {
      hint: 'use a name under a domain you own, made of letters, digits, dots and dashes, e.g. newsletter.example.org',
    });
  }
  if (!listId.includes('.')) warnings.push(`list_id "${listId}" has no dot: List-Id expects a name under a domain you own, e.g. newsletter.example.org`);
  const phrase = displayPhrase(options.listName).join(' ');
  headers.push(['List-Id', phrase ? `${phrase} <${listId}>` : `<${listId}>`]);
  return { headers, warnings };
}

function checkUri(what: string, value: string): string {
  const uri = value.trim();
  if (!URI_SAFE.test(uri)) {
    throw new UserError(`${what} contains a space, a line break, a control character, a quote or angle bracket, or a non-ASCII character: "${uri.replace(CONTROL_CHARACTERS, '\u2423')}"`, {
      hint: 'check base_url and unsubscribe.mailto in newsletter.config.yaml',
    });
  }
  return uri;
}

function mailtoUri(value: string): string {
  const uri = checkUri('the unsubscribe mailto', /^mailto:/i.test(value) ? value : `mailto:${value}`);
  if (!/^mailto:[^@?]+@[^@?]+/i.test(uri)) {
    throw new UserError(`unsubscribe.mailto "${value}" is not an email address`, { hint: 'e.g. unsubscribe: {mailto: unsubscribe@example.org}' });
  }
  return uri.includes('?') ? uri : `${uri}?subject=unsubscribe`;
}

/**
 * The list headers of a message in `lang` from the config (list id, mailto, the name in that
 * language): what a send writes, what its warnings come from, and what the preview shows.
 * With `mailtoToken` (a reader's VERP token) and a return path or `unsubscribe.mailto`, the
 * mailto is the reader's own `…+u-<token>@…?subject=unsubscribe`.
 */
export function listHeadersFor(
  config: Pick<Config, 'list_id' | 'name' | 'default_language' | 'unsubscribe' | 'return_path' | 'bounces'>,
  lang: string,
  unsubscribeUrl: string,
  mailtoToken?: string,
): { headers: [string, string][]; warnings: string[] } {
  const base = mailtoBaseOf(config);
  const mailto = base && mailtoToken ? `mailto:${unsubscribeAddress(base, config.bounces?.separator ?? '+', mailtoToken)}?subject=unsubscribe` : config.unsubscribe?.mailto;
  return buildListHeaders({ unsubscribeUrl, mailto, listId: config.list_id, listName: newsletterName(config, lang) });
}

import { GMAIL_CLIP_BYTES } from '../render/write-build.js';
import type { Config } from '../config/types.js';
import { pickLanguage } from '../config/localize-config.js';
import { personalize, personalValuesFor } from '../render/personalize.js';
import type { RenderedIssue } from '../render/types.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import { displayNameOf } from '../subscribers/types.js';
import { buildListHeaders } from '../unsubscribe/list-headers.js';
import { createUnsubscribeToken, unsubscribeUrl } from '../unsubscribe/token.js';
import type { PreviewReader } from './readers.js';

/** Gmail clips a message whose HTML is larger than about 102 KB and hides the rest. */
/** Re-exported for the preview page's size meter: the one limit the build also warns about. */
export { GMAIL_CLIP_BYTES };

/** One reader's copy of one language, in every form the toolbar can show. */
export interface MailView {
  lang: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** The headers that carry meaning for the editor, in the order a message has them. */
  headers: [string, string][];
  /** What the list headers produce as warnings (an http base URL, a list id without a dot). */
  headerWarnings: string[];
  mjml: string;
  /** Bytes of the personalised HTML, what Gmail measures. */
  htmlBytes: number;
  unsubscribeUrl: string;
}

/**
 * The mail exactly as `reader` gets it in `rendered.lang`: their personal fields, their own
 * unsubscribe link (sealed with the preview's keyring), and the headers a send would set.
 * Message-ID and Date are left to the send: they differ per delivery.
 */
export function mailViewFor(rendered: RenderedIssue, config: Config, reader: PreviewReader, keyring: Keyring): MailView {
  const { subscriber } = reader;
  const token = createUnsubscribeToken(keyring, { email: subscriber.email, listId: config.list_id, lang: rendered.lang });
  const link = unsubscribeUrl(config.base_url, token);
  const message = personalize(rendered, personalValuesFor(subscriber, link));
  const list = buildListHeaders({
    unsubscribeUrl: link,
    mailto: config.unsubscribe?.mailto,
    listId: config.list_id,
    listName: pickLanguage(config.name, rendered.lang, config.default_language),
  });
  // the display name a send puts in To: the name column, else first and last name
  const displayName = displayNameOf(subscriber);
  const to = displayName ? `${displayName} <${subscriber.email}>` : subscriber.email;
  const headers: [string, string][] = [
    ['From', config.from],
    ...(config.reply_to ? [['Reply-To', config.reply_to] as [string, string]] : []),
    ['To', to],
    ['Subject', message.subject],
    ...list.headers,
    ['Content-Language', rendered.lang],
    ['Content-Type', 'multipart/alternative: text/plain (UTF-8), then text/html (UTF-8)'],
  ];
  return {
    lang: rendered.lang,
    subject: message.subject,
    preheader: rendered.preheader,
    html: message.html,
    text: message.text,
    headers,
    headerWarnings: list.warnings,
    mjml: rendered.mjml,
    htmlBytes: Buffer.byteLength(message.html, 'utf8'),
    unsubscribeUrl: link,
  };
}

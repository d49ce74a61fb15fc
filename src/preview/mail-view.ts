import { GMAIL_CLIP_BYTES } from '../render/write-build.js';
import type { Config } from '../config/types.js';
import { personalize, personalValuesFor } from '../render/personalize.js';
import type { RenderedIssue } from '../render/types.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import { createMessageComposer } from '../send/message.js';
import { listHeadersFor } from '../unsubscribe/list-headers.js';
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
  /** The headers a send writes for this reader, in its order, without Message-ID and Date. */
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
 * unsubscribe link (sealed with the preview's keyring), and the headers a send writes, taken
 * from a message the send's own composer builds. Message-ID and Date are left out: they
 * differ per delivery.
 */
export function mailViewFor(rendered: RenderedIssue, config: Config, reader: PreviewReader, keyring: Keyring): MailView {
  const { subscriber } = reader;
  const composed = createMessageComposer([rendered], config, { keyring })({ subscriber, lang: rendered.lang }, '<preview@localhost>');
  const headers = headerFields(composed.raw).filter(([name]) => !PER_DELIVERY.has(name.toLowerCase()));
  // the link the composer sealed into List-Unsubscribe is the one the mail's body shows
  const link = /^<([^>]+)>/.exec(headers.find(([name]) => name === 'List-Unsubscribe')?.[1] ?? '')?.[1] ?? '';
  const message = personalize(rendered, personalValuesFor(subscriber, link));
  return {
    lang: rendered.lang,
    subject: message.subject,
    preheader: rendered.preheader,
    html: message.html,
    text: message.text,
    headers,
    headerWarnings: listHeadersFor(config, rendered.lang, link).warnings,
    mjml: rendered.mjml,
    htmlBytes: Buffer.byteLength(message.html, 'utf8'),
    unsubscribeUrl: link,
  };
}

/** Headers a send sets per delivery, not per reader. */
const PER_DELIVERY = new Set(['date', 'message-id']);

/** The header block of a raw message as name and value pairs, folded lines joined. */
function headerFields(raw: Buffer): [string, string][] {
  const text = raw.toString('latin1');
  const block = text.slice(0, text.indexOf('\r\n\r\n'));
  return block
    .replace(/\r\n(?=[ \t])/g, '')
    .split('\r\n')
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()] as [string, string];
    });
}

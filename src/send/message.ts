import { randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import type { Config } from '../config/types.js';
import { fillSlots, personalValuesFor, type Medium } from '../render/personalize.js';
import type { PersonalValues, RenderedIssue, SlottedText } from '../render/types.js';
import { createUnsubscribeToken, unsubscribeUrl } from '../unsubscribe/token.js';
import { buildListHeaders } from '../unsubscribe/list-headers.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import type { DkimSigner } from './dkim.js';
import { encodeQuotedPrintable, encodeUnstructured, formatAddress, formatDate, oneLine } from './mime.js';
import type { OutgoingMessage, PlannedRecipient } from './types.js';

export interface ComposerOptions {
  keyring: Keyring;
  dkim?: DkimSigner;
  /** `--test`: the subject is marked `[TEST]`. */
  testMode?: boolean;
  /** The clock for the Date header (tests). */
  now?: () => Date;
}

/** Builds one recipient's finished raw message; the Message-ID comes from the journal. */
export type MessageComposer = (recipient: PlannedRecipient, messageId: string) => OutgoingMessage;

/** `<lq3k2f.6f0c…@example.org>`: unique, at the sender's domain. */
export function newMessageId(domain: string): string {
  return `<${Date.now().toString(36)}.${randomUUID()}@${domain}>`;
}

/** The sender of `config.from`: its address, display name and domain. */
export function senderOf(config: Pick<Config, 'from'>): { address: string; name: string; domain: string } {
  const parsed = addressparser(oneLine(config.from), { flatten: true })[0];
  const address = parsed?.address ?? '';
  const at = address.lastIndexOf('@');
  if (at < 1) throw new Error(`the sender "${config.from}" has no address`);
  return { address, name: parsed.name ?? '', domain: address.slice(at + 1).toLowerCase() };
}

/**
 * One slotted body, encoded once: each static part quoted-printable with a trailing soft
 * line break, so a reader's values (encoded the same way) are only spliced in between.
 */
interface EncodedBody {
  parts: Buffer[];
  slots: SlottedText[];
  medium: Medium;
}

function encodeBody(text: SlottedText, medium: Medium): EncodedBody {
  const last = text.parts.length - 1;
  return {
    parts: text.parts.map((part, i) => Buffer.from(encodeQuotedPrintable(part, i < last), 'latin1')),
    // a one-slot text per slot lets render's fillSlots escape each value exactly as preview does
    slots: text.slots.map((slot) => ({ parts: ['', ''], slots: [slot] })),
    medium,
  };
}

function spliceBody(body: EncodedBody, values: PersonalValues, into: Buffer[]): void {
  into.push(body.parts[0]);
  for (let i = 0; i < body.slots.length; i++) {
    const value = fillSlots(body.slots[i], values, body.medium);
    if (value !== '') into.push(Buffer.from(encodeQuotedPrintable(value, true), 'latin1'));
    into.push(body.parts[i + 1]);
  }
}

interface LanguageTemplate {
  rendered: RenderedIssue;
  /** From, Reply-To. */
  head: Buffer;
  /** MIME-Version … the text part's headers. */
  middle: Buffer;
  text: EncodedBody;
  /** The boundary and the HTML part's headers. */
  between: Buffer;
  html: EncodedBody;
  /** The closing boundary. */
  tail: Buffer;
}

const header = (name: string, value: string) => `${name}: ${value}\r\n`;

/**
 * Render once, personalise many: encodes each language's static headers, MIME skeleton
 * and quoted-printable body parts once, and returns a function that splices in one
 * reader's To, Subject, Date, Message-ID, List-* headers and personal values.
 * Unknown languages and CR/LF in reader data cannot break the message.
 */
export function createMessageComposer(rendered: RenderedIssue[], config: Config, options: ComposerOptions): MessageComposer {
  const sender = senderOf(config);
  const from = formatAddress(sender.address, sender.name || undefined);
  const replyTo = config.reply_to ? addressparser(oneLine(config.reply_to), { flatten: true })[0] : undefined;
  const now = options.now ?? (() => new Date());
  const templates = new Map<string, LanguageTemplate>();
  for (const issue of rendered) {
    const boundary = `=_nl_${randomUUID().replace(/-/g, '')}`;
    const partHeaders = (type: string) =>
      `--${boundary}\r\n` + header('Content-Type', `${type}; charset=utf-8`) + header('Content-Transfer-Encoding', 'quoted-printable') + '\r\n';
    const head =
      header('From', from) +
      (replyTo?.address ? header('Reply-To', formatAddress(replyTo.address, replyTo.name || undefined)) : '');
    const middle =
      header('MIME-Version', '1.0') +
      header('Content-Language', oneLine(issue.lang)) +
      (config.send?.feedback_id ? header('Feedback-ID', oneLine(config.send.feedback_id)) : '') +
      header('Content-Type', `multipart/alternative; boundary="${boundary}"`) +
      '\r\n' +
      partHeaders('text/plain');
    templates.set(issue.lang, {
      rendered: issue,
      head: Buffer.from(head, 'latin1'),
      middle: Buffer.from(middle, 'latin1'),
      text: encodeBody(issue.text, 'text'),
      between: Buffer.from(`\r\n${partHeaders('text/html')}`, 'latin1'),
      html: encodeBody(issue.html, 'html'),
      tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
    });
  }
  let dateSecond = -1;
  let dateText = '';

  return (recipient, messageId) => {
    const template = templates.get(recipient.lang);
    if (!template) throw new Error(`no rendered issue for language "${recipient.lang}"`);
    const { subscriber } = recipient;
    const token = createUnsubscribeToken(options.keyring, { email: subscriber.email, listId: config.list_id, lang: recipient.lang });
    const link = unsubscribeUrl(config.base_url, token);
    const values = personalValuesFor(subscriber, link);
    const list = buildListHeaders({
      unsubscribeUrl: link,
      mailto: config.unsubscribe?.mailto,
      listId: config.list_id,
      listName: localName(config.name, recipient.lang),
    });

    const subject = (options.testMode ? '[TEST] ' : '') + fillSlots(template.rendered.subject, values, 'header');
    const id = messageId.startsWith('<') ? messageId : `<${messageId}>`;
    const second = Math.floor(now().getTime() / 1000);
    if (second !== dateSecond) {
      dateSecond = second;
      dateText = formatDate(new Date(second * 1000));
    }
    const displayName = subscriber.name ?? ([subscriber.firstName, subscriber.lastName].filter(Boolean).join(' ') || undefined);
    let personal =
      header('To', formatAddress(subscriber.email, displayName)) +
      header('Subject', encodeUnstructured(subject, 9)) +
      header('Date', dateText) +
      header('Message-ID', oneLine(id));
    for (const [name, value] of list.headers) personal += header(name, value);

    const chunks: Buffer[] = [template.head, Buffer.from(personal, 'utf8'), template.middle];
    spliceBody(template.text, values, chunks);
    chunks.push(template.between);
    spliceBody(template.html, values, chunks);
    chunks.push(template.tail);
    const raw = Buffer.concat(chunks);
    return {
      key: subscriber.key,
      envelope: { from: sender.address, to: subscriber.email },
      messageId: id,
      raw: options.dkim ? options.dkim(raw) : raw,
    };
  };
}

function localName(name: Config['name'], lang: string): string {
  if (typeof name === 'string') return name;
  return name[lang] ?? Object.values(name)[0] ?? '';
}

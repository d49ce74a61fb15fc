import { randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import type { Config } from '../config/types.js';
import { fillSlots, personalValuesFor, type Medium } from '../render/personalize.js';
import type { PersonalValues, RenderedIssue, Slot, SlottedText } from '../render/types.js';
import { createUnsubscribeToken, unsubscribeUrl } from '../unsubscribe/token.js';
import { listHeadersFor } from '../unsubscribe/list-headers.js';
import { envelopeSender, mailtoBaseOf, returnPathOf, verpKeys, verpToken } from '../unsubscribe/verp-token.js';
import type { Keyring } from '../unsubscribe/keyring.js';
import { displayNameOf } from '../subscribers/types.js';
import type { DkimSigner } from './dkim.js';
import { encodeQuotedPrintable, encodeUnstructured, formatAddress, formatDate, headerSafe } from '../mime/encodings.js';
import type { OutgoingMessage, PlannedRecipient } from './types.js';

export interface ComposerOptions {
  keyring: Keyring;
  dkim?: DkimSigner;
  /** `--test`: the subject is marked `[TEST]`. */
  testMode?: boolean;
  /** The clock for the Date header (tests). */
  now?: () => Date;
  /** Build messages in a few reused buffers, given back through `OutgoingMessage.release` (a bulk send). */
  reuseBuffers?: boolean;
}

/** Builds one recipient's finished raw message; the Message-ID comes from the journal. */
export type MessageComposer = (recipient: PlannedRecipient, messageId: string) => OutgoingMessage;

/** `<lq3k2f.6f0c…@example.org>`: unique, at the sender's domain. */
export function newMessageId(domain: string): string {
  return `<${Date.now().toString(36)}.${randomUUID()}@${domain}>`;
}

/** The sender of `config.from`: its address, display name and domain. */
export function senderOf(config: Pick<Config, 'from'>): { address: string; name: string; domain: string } {
  const parsed = addressparser(headerSafe(config.from), { flatten: true })[0];
  const address = parsed?.address ?? '';
  const at = address.lastIndexOf('@');
  if (at < 1) throw new Error(`the sender "${config.from}" has no address`);
  return { address, name: parsed.name ?? '', domain: address.slice(at + 1).toLowerCase() };
}

/**
 * The personal values of one language, each distinct (slot, medium) pair once: a reader's
 * unsubscribe link appears several times in a mail but is escaped and encoded once.
 */
class SlotValues {
  /** A one-slot text per distinct pair lets render's fillSlots escape each value exactly as preview does. */
  readonly distinct: { text: SlottedText; medium: Medium }[] = [];
  private readonly index = new Map<Slot, Map<Medium, number>>();

  /** The index of `slot` in `medium`, registering it on first sight. */
  indexOf(slot: Slot, medium: Medium): number {
    let byMedium = this.index.get(slot);
    if (!byMedium) this.index.set(slot, (byMedium = new Map()));
    let at = byMedium.get(medium);
    if (at === undefined) {
      at = this.distinct.push({ text: { parts: ['', ''], slots: [slot] }, medium }) - 1;
      byMedium.set(medium, at);
    }
    return at;
  }

  /** One reader's values, quoted-printable (ASCII) with a trailing soft break; empty values stay empty. */
  encode(values: PersonalValues): string[] {
    return this.distinct.map(({ text, medium }) => encodeQuotedPrintable(fillSlots(text, values, medium), true));
  }
}

/**
 * One slotted body, encoded once: each static part quoted-printable with a trailing soft
 * line break, so a reader's values (encoded the same way) are only spliced in between.
 */
interface EncodedBody {
  parts: Buffer[];
  /** Index into SlotValues.distinct per slot. */
  slots: number[];
}

function encodeBody(text: SlottedText, medium: Medium, values: SlotValues): EncodedBody {
  const last = text.parts.length - 1;
  return {
    parts: text.parts.map((part, i) => Buffer.from(encodeQuotedPrintable(part, i < last), 'latin1')),
    slots: text.slots.map((slot) => values.indexOf(slot, medium)),
  };
}

function spliceBody(body: EncodedBody, encoded: string[], into: Piece[]): void {
  into.push(body.parts[0]);
  for (let i = 0; i < body.slots.length; i++) {
    const value = encoded[body.slots[i]];
    if (value !== '') into.push(value);
    into.push(body.parts[i + 1]);
  }
}

/** Static bytes, or ASCII text (quoted-printable) written straight into the message. */
type Piece = Buffer | string;

/**
 * Message buffers handed back by the transport once the server took them: an 80 KB
 * buffer per reader is otherwise garbage the collector meets only in bulk, tens of MB
 * of memory high mark on a long send. A few suffice: one per connection in flight.
 */
class BufferPool {
  private readonly free: Buffer[] = [];
  constructor(private readonly keep = 16) {}

  /** `size` bytes, from a returned buffer when one is large enough; with how to return it. */
  take(size: number): { bytes: Buffer; release: () => void } {
    let backing: Buffer | undefined;
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i].length >= size) {
        backing = this.free.splice(i, 1)[0];
        break;
      }
    }
    // a little room, so a longer name or link next time still fits
    backing ??= Buffer.allocUnsafeSlow(size + 1024);
    let returned = false;
    const release = () => {
      if (returned) return;
      returned = true;
      if (this.free.length < this.keep) this.free.push(backing);
    };
    return { bytes: backing.subarray(0, size), release };
  }
}

/** Joins the pieces into one buffer without a Buffer per piece: messages are made by the ten thousand. */
function join(pieces: Piece[], head: string, pool?: BufferPool): { raw: Buffer; release?: () => void } {
  const headBytes = Buffer.byteLength(head, 'utf8');
  let size = headBytes;
  for (const piece of pieces) size += piece.length;
  const taken = pool?.take(size);
  const out = taken?.bytes ?? Buffer.allocUnsafe(size);
  let at = out.write(head, 0, 'utf8');
  for (const piece of pieces) {
    at += typeof piece === 'string' ? out.write(piece, at, 'latin1') : piece.copy(out, at);
  }
  return { raw: out, ...(taken ? { release: taken.release } : {}) };
}

interface LanguageTemplate {
  rendered: RenderedIssue;
  /** From, Reply-To. */
  headText: string;
  /** MIME-Version … the text part's headers. */
  middle: Buffer;
  values: SlotValues;
  text: EncodedBody;
  /** The boundary and the HTML part's headers. */
  between: Buffer;
  html: EncodedBody;
  /** The closing boundary. */
  tail: Buffer;
  /** The list headers with the reader's link left out: before it, after it. */
  listHeaders: [string, string];
  /** With a personal mailto: before the link, between the link and the reader's token, after it. */
  personalListHeaders?: [string, string, string];
  /** The encoded Subject header value when the subject has no personal fields. */
  fixedSubject?: string;
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
  const replyTo = config.reply_to ? addressparser(headerSafe(config.reply_to), { flatten: true })[0] : undefined;
  const now = options.now ?? (() => new Date());
  // the return path and the mailto unsubscribe carry a token that leads back to the journal row
  const returnPath = returnPathOf(config);
  const mailtoBase = mailtoBaseOf(config);
  const tokenKeys = returnPath || mailtoBase ? verpKeys(options.keyring) : undefined;
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
      header('Content-Language', headerSafe(issue.lang)) +
      (config.send?.feedback_id ? header('Feedback-ID', headerSafe(config.send.feedback_id)) : '') +
      header('Content-Type', `multipart/alternative; boundary="${boundary}"`) +
      '\r\n' +
      partHeaders('text/plain');
    const values = new SlotValues();
    templates.set(issue.lang, {
      rendered: issue,
      headText: head,
      middle: Buffer.from(middle, 'latin1'),
      values,
      text: encodeBody(issue.text, 'text', values),
      between: Buffer.from(`\r\n${partHeaders('text/html')}`, 'latin1'),
      html: encodeBody(issue.html, 'html', values),
      tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
      listHeaders: listHeaderTemplate(config, issue.lang) as [string, string],
      ...(mailtoBase ? { personalListHeaders: listHeaderTemplate(config, issue.lang, MAILTO_MARKER) as [string, string, string] } : {}),
      ...(issue.subject.slots.length === 0 && !options.testMode ? { fixedSubject: encodeUnstructured(issue.subject.parts[0], 9) } : {}),
    });
  }
  const pool = options.reuseBuffers ? new BufferPool() : undefined;
  let dateSecond = -1;
  let dateText = '';

  return (recipient, messageId) => {
    const template = templates.get(recipient.lang);
    if (!template) throw new Error(`no rendered issue for language "${recipient.lang}"`);
    const { subscriber } = recipient;
    // a test `--as` a reader goes to the tester, and only the tester can be unsubscribed by it
    const to = recipient.deliverTo ?? subscriber;
    const token = createUnsubscribeToken(options.keyring, { email: to.email, listId: config.list_id, lang: recipient.lang, issueId: template.rendered.id });
    const link = unsubscribeUrl(config.base_url, token);
    const values = personalValuesFor(subscriber, link);
    const subject =
      template.fixedSubject ?? encodeUnstructured((options.testMode ? '[TEST] ' : '') + fillSlots(template.rendered.subject, values, 'header'), 9);
    const id = messageId.startsWith('<') ? messageId : `<${messageId}>`;
    const second = Math.floor(now().getTime() / 1000);
    if (second !== dateSecond) {
      dateSecond = second;
      dateText = formatDate(new Date(second * 1000));
    }
    const displayName = recipient.deliverTo ? undefined : displayNameOf(subscriber);
    const returnToken = tokenKeys ? verpToken(tokenKeys, id) : undefined;
    const listHeaders =
      returnToken && template.personalListHeaders
        ? template.personalListHeaders[0] + link + template.personalListHeaders[1] + returnToken + template.personalListHeaders[2]
        : template.listHeaders[0] + link + template.listHeaders[1];
    const personal =
      header('To', formatAddress(to.email, displayName)) +
      header('Subject', subject) +
      header('Date', dateText) +
      header('Message-ID', headerSafe(id)) +
      listHeaders;

    const encoded = template.values.encode(values);
    const pieces: Piece[] = [template.middle];
    spliceBody(template.text, encoded, pieces);
    pieces.push(template.between);
    spliceBody(template.html, encoded, pieces);
    pieces.push(template.tail);
    const joined = join(pieces, template.headText + personal, pool);
    const envelopeFrom = returnPath ? envelopeSender(returnPath, returnToken) : sender.address;
    const message: OutgoingMessage = { key: to.key, envelope: { from: envelopeFrom, to: to.email }, messageId: id, raw: joined.raw };
    if (options.dkim) {
      // the signed message is a new buffer: the joined one is free at once
      message.raw = options.dkim(joined.raw);
      joined.release?.();
    } else if (joined.release) {
      message.release = joined.release;
    }
    return message;
  };
}

/** Stands for a reader's token in the mailto while the list headers are built once. */
const MAILTO_MARKER = 'mailtomarker';

/**
 * The List-* header lines of one language from `listHeadersFor`, cut where the reader's
 * link (and, with `mailtoMarker`, the reader's mailto token) goes: built and checked once,
 * then only the personal parts are put in per message.
 */
function listHeaderTemplate(config: Config, lang: string, mailtoMarker?: string): string[] {
  const marker = `${config.base_url.replace(/\/+$/, '')}/u/LINKMARKER`;
  const { headers } = listHeadersFor(config, lang, marker, mailtoMarker);
  const lines = headers.map(([name, value]) => header(name, value)).join('');
  const at = lines.indexOf(marker);
  const pieces = [lines.slice(0, at), lines.slice(at + marker.length)];
  if (!mailtoMarker) return pieces;
  const tokenAt = pieces[1].indexOf(mailtoMarker);
  return [pieces[0], pieces[1].slice(0, tokenAt), pieces[1].slice(tokenAt + mailtoMarker.length)];
}

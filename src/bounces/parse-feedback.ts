import addressparser from 'nodemailer/lib/addressparser';
import { convert } from 'html-to-text';
import type { Headers } from '@zone-eu/mailsplit';
import { autoReplySign } from './auto-reply.js';
import { field, parseDeliveryStatus } from './delivery-status.js';
import { parseFeedbackReport } from './feedback-report.js';
import { guessBounce } from './guessed.js';
import { headerBlock, mimeTree, type MimePart } from './mime-parts.js';
import type { Feedback } from './types.js';

/** Headers that say where a message was delivered, most telling first. */
const DELIVERED_TO = ['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to', 'x-rcpt-to', 'original-recipient', 'to', 'cc'];

export interface ParseOptions {
  /** Domains of our own addresses (return path, From): never taken for a failed reader in a guessed bounce. */
  ownDomains?: string[];
}

/**
 * Reads one message that came back: a DSN (RFC 3464), a complaint (RFC 5965), an
 * auto-reply (RFC 3834), a bounce guessed from a server's own words, or `other`. Pure
 * apart from parsing; never throws: a message that cannot be parsed is `other` with `broken`.
 */
export async function parseFeedback(raw: Buffer, options: ParseOptions = {}): Promise<Feedback> {
  let tree: Awaited<ReturnType<typeof mimeTree>>;
  try {
    tree = await mimeTree(raw);
  } catch (error) {
    return { kind: 'other', deliveredTo: [], statuses: [], broken: (error as Error).message };
  }
  const { headers, parts } = tree;
  const base: Feedback = { kind: 'other', deliveredTo: deliveredTo(headers), statuses: [], ...about(headers) };

  const dsn = parts.find((p) => /^message\/(global-)?delivery-status$/.test(p.contentType));
  if (dsn) {
    const statuses = parseDeliveryStatus(dsn.body);
    if (statuses.length > 0) return { ...base, kind: 'dsn', statuses, ...returned(parts) };
  }
  const arf = parts.find((p) => p.contentType === 'message/feedback-report');
  if (arf) {
    const complaint = parseFeedbackReport(arf.body);
    if (complaint) return { ...base, kind: 'complaint', complaint, ...returned(parts) };
  }
  const sign = autoReplySign(headers);
  if (sign) return { ...base, kind: 'auto-reply', autoReply: sign };

  const text = bodyText(parts);
  const guess = guessBounce({ from: base.from, subject: base.subject, text, ownDomains: options.ownDomains ?? [] });
  if (guess) {
    const inline = returned(parts);
    const quotedId = inline.returnedMessageId ?? /^Message-ID:\s*(<[^>\s]+>)/im.exec(text)?.[1];
    return { ...base, kind: 'guessed', statuses: guess.statuses, guessedFrom: guess.line, ...inline, ...(quotedId ? { returnedMessageId: quotedId } : {}) };
  }
  return base;
}

function about(headers: Headers): Pick<Feedback, 'messageId' | 'from' | 'subject' | 'date'> {
  const out: Pick<Feedback, 'messageId' | 'from' | 'subject' | 'date'> = {};
  const messageId = field(headers, 'message-id');
  const from = field(headers, 'from');
  const subject = field(headers, 'subject');
  const date = field(headers, 'date');
  if (messageId) out.messageId = messageId;
  if (from) out.from = from;
  if (subject) out.subject = subject;
  if (date) out.date = date;
  return out;
}

function deliveredTo(headers: Headers): string[] {
  const found: string[] = [];
  for (const name of DELIVERED_TO) {
    for (const line of headers.get(name)) {
      const value = line.slice(line.indexOf(':') + 1).replace(/^\s*rfc822\s*;/i, '');
      for (const entry of addressparser(value, { flatten: true })) {
        const address = entry.address?.trim().toLowerCase();
        if (address && address.includes('@') && !found.includes(address)) found.push(address);
      }
    }
  }
  return found;
}

/** The returned original's Message-ID and To, from a `message/rfc822` or `text/rfc822-headers` part. */
function returned(parts: MimePart[]): Pick<Feedback, 'returnedMessageId' | 'returnedTo'> {
  const part = parts.find((p) => /^(message\/(rfc822|global|global-headers)|text\/rfc822-headers)$/.test(p.contentType));
  if (!part) return {};
  const headers = headerBlock(part.body);
  const messageId = field(headers, 'message-id')?.match(/<[^<>\s]+>/)?.[0];
  const to = addressparser(field(headers, 'to') ?? '', { flatten: true })[0]?.address?.toLowerCase();
  return { ...(messageId ? { returnedMessageId: messageId } : {}), ...(to ? { returnedTo: to } : {}) };
}

/** The readable text of the message: its text/plain parts, else its HTML made text. */
function bodyText(parts: MimePart[]): string {
  const texts = parts.filter((p) => p.contentType === 'text/plain').map(decodeText);
  if (texts.length > 0) return texts.join('\n');
  const html = parts.filter((p) => p.contentType === 'text/html').map(decodeText);
  return html.map((h) => convert(h, { wordwrap: false })).join('\n');
}

function decodeText(part: MimePart): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(part.headers.getFirst('content-type'))?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(part.body);
  } catch {
    return part.body.toString('latin1');
  }
}

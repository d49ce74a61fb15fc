import type { IncomingMessage } from 'node:http';

/** An unsubscribe needs a few dozen bytes; anything past this is refused with 413. */
export const MAX_BODY_BYTES = 4096;

export class BodyTooLarge extends Error {}

/** Reads a request body of at most `limit` bytes; rejects with BodyTooLarge past it. */
export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The form fields of a POST body, form-urlencoded or multipart/form-data (RFC 8058 allows
 * both); a body without a content type is read as urlencoded. File parts are ignored.
 */
export function formFields(contentType: string | undefined, body: Buffer): Map<string, string> {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    return boundary ? multipartFields(body.toString('latin1'), boundary[1] ?? boundary[2]) : new Map();
  }
  if (type === '' || type.startsWith('application/x-www-form-urlencoded') || type.startsWith('text/plain')) {
    return new Map(new URLSearchParams(body.toString('utf8').trim()));
  }
  return new Map();
}

function multipartFields(body: string, boundary: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    if (/filename=/i.test(head)) continue;
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || fields.has(name)) continue;
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    fields.set(name, Buffer.from(value, 'latin1').toString('utf8'));
  }
  return fields;
}

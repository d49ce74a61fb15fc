import { Readable } from 'node:stream';
import { Headers, Splitter } from '@zone-eu/mailsplit';

/** One leaf of a message's MIME tree: its type, its own header block and its decoded body. */
export interface MimePart {
  /** Lower-cased, e.g. `message/delivery-status`. */
  contentType: string;
  headers: Headers;
  /** The body with its Content-Transfer-Encoding undone (charset untouched). */
  body: Buffer;
}

/** A message cut into its top header block and its leaves, in order. */
export interface MimeTree {
  headers: Headers;
  parts: MimePart[];
}

/** Parts larger than this are cut: a returned message may carry big attachments we never read. */
const MAX_PART_BYTES = 512 * 1024;

/**
 * Splits a raw message with mailsplit: a `message/rfc822` part stays one leaf (the returned
 * message, whose header block is what a bounce processor needs). Never throws on broken
 * structure; a message mailsplit cannot cut at all rejects.
 */
export async function mimeTree(raw: Buffer): Promise<MimeTree> {
  const splitter = new Splitter({ ignoreEmbedded: true, maxChildNodes: 500 });
  const nodes: { node: any; chunks: Buffer[]; size: number }[] = [];
  let rootHeaders: Headers | undefined;
  let current: (typeof nodes)[number] | undefined;
  await new Promise<void>((resolve, reject) => {
    splitter.on('data', (data: any) => {
      if (data.type === 'node') {
        if (data.root) rootHeaders = data.headers;
        current = data.multipart ? undefined : { node: data, chunks: [], size: 0 };
        if (current) nodes.push(current);
      } else if (data.type === 'body' && current && current.size < MAX_PART_BYTES) {
        current.chunks.push(data.value);
        current.size += data.value.length;
      }
    });
    // the typings only declare 'data'; the stream's own events are there all the same
    const stream = splitter as unknown as NodeJS.EventEmitter;
    stream.on('end', resolve);
    stream.on('error', reject);
    Readable.from([raw]).pipe(splitter);
  });
  const parts: MimePart[] = [];
  for (const { node, chunks } of nodes) {
    parts.push({ contentType: node.contentType || 'text/plain', headers: node.headers, body: await decode(node, Buffer.concat(chunks)) });
  }
  return { headers: rootHeaders ?? new Headers(Buffer.alloc(0)), parts };
}

async function decode(node: { getDecoder(): NodeJS.ReadWriteStream }, body: Buffer): Promise<Buffer> {
  const decoder = node.getDecoder();
  const out: Buffer[] = [];
  decoder.on('data', (chunk: Buffer) => out.push(chunk));
  await new Promise<void>((resolve, reject) => {
    decoder.on('end', resolve);
    decoder.on('error', reject);
    decoder.end(body);
  });
  return Buffer.concat(out);
}

/**
 * The header block at the start of `text` (up to the first empty line), parsed; for a
 * returned message (`message/rfc822`, `text/rfc822-headers`) or a status group.
 */
export function headerBlock(text: Buffer | string): Headers {
  const value = typeof text === 'string' ? text : text.toString('latin1');
  const end = value.search(/\r?\n\r?\n/);
  return new Headers(Buffer.from(end < 0 ? value : value.slice(0, end), 'latin1'));
}

/** RFC 822-style field groups separated by empty lines, as in a delivery-status or feedback-report body. */
export function fieldGroups(body: Buffer): Headers[] {
  return body
    .toString('utf8')
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((group) => group.replace(/^\n+/, ''))
    .filter((group) => /^[!-9;-~]+:/m.test(group))
    .map((group) => new Headers(Buffer.from(group.replace(/\n/g, '\r\n') + '\r\n', 'utf8')));
}

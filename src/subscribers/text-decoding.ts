import { closeSync, openSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { UserError } from '../errors.js';

/** `utf8`, `UTF-8` → `utf-8`; anything else as given, for TextDecoder to judge. */
export function canonicalEncoding(encoding: string | undefined): string {
  const name = (encoding ?? 'utf-8').trim().toLowerCase();
  return name === 'utf8' ? 'utf-8' : name;
}

/** A streaming decoder; UTF-8 is decoded strictly so a Windows-1252 file is refused, not garbled. */
export function createDecoder(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  } catch {
    throw new UserError(`unknown encoding "${encoding}"`, {
      hint: 'use utf-8 (the default) or, for an Excel export on Windows, --encoding windows-1252',
    });
  }
}

/** Length of the UTF-8 sequence a lead byte starts, or 0 when it cannot start one. */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

/**
 * Offset of the first byte in `bytes` that is not valid UTF-8, or -1. A sequence cut off at
 * the end of the buffer counts as valid (the next chunk may complete it). Only used to say
 * where a file went wrong, so overlong forms and surrogates are left to TextDecoder.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes[i]);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return -1;
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return -1;
}

/** Counts `\n` bytes before `end`: the file line of a position is this plus one. */
export function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) count++;
  return count;
}

/**
 * Watches a file's bytes while another encoding decodes them: a file that is valid UTF-8
 * and holds non-ASCII text is UTF-8, and a single-byte encoding would garble every such
 * character (`Jürgen` read as Windows-1252 is `JÃ¼rgen`). Remembers where the first
 * non-ASCII byte is, for the message.
 */
export class Utf8Probe {
  private readonly strict = new TextDecoder('utf-8', { fatal: true });
  private valid = true;
  private lines = 0;
  private bytes = 0;
  /** The first byte ≥ 0x80: its file line and its offset in the file. */
  first: { line: number; offset: number } | undefined;

  /** Feeds the next chunk of the file. */
  push(chunk: Buffer): void {
    if (this.valid) {
      try {
        this.strict.decode(chunk, { stream: true });
      } catch {
        this.valid = false;
      }
    }
    if (!this.first) {
      const at = chunk.findIndex((byte) => byte >= 0x80);
      if (at >= 0) this.first = { line: this.lines + countNewlines(chunk, at) + 1, offset: this.bytes + at };
    }
    this.lines += countNewlines(chunk, chunk.length);
    this.bytes += chunk.length;
  }

  /** True when the whole file was UTF-8 with some non-ASCII text in it. */
  isUtf8Text(): boolean {
    if (!this.valid || !this.first) return false;
    try {
      this.strict.decode();
      return true;
    } catch {
      return false;
    }
  }
}

/** The text of the line around byte `offset` of a UTF-8 file, at most ~120 bytes either side. */
export function utf8LineAround(path: string, offset: number): string {
  const start = Math.max(0, offset - 120);
  const buffer = Buffer.alloc(240);
  const fd = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  const bytes = buffer.subarray(0, length);
  const at = offset - start;
  let from = bytes.lastIndexOf(0x0a, at) + 1;
  while (from < at && (bytes[from] & 0xc0) === 0x80) from++; // not from the middle of a character
  const newline = bytes.indexOf(0x0a, at);
  return bytes.subarray(from, newline < 0 ? length : newline).toString('utf8').replace(/\r$/, '');
}

/** Encodings that give every byte one character: a UTF-8 file read with them turns into mojibake. */
export function isSingleByteEncoding(encoding: string): boolean {
  return !/^(utf-?8|utf-?16|unicode)/i.test(encoding);
}

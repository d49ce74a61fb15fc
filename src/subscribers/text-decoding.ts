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

/**
 * The few MIME encodings a newsletter message needs, written for speed: quoted-printable
 * in chunks that can be joined later, RFC 2047 words for non-ASCII header text, address
 * and date formatting, and the one rule for what may stand in a header line. No header
 * value built here can contain CR or LF.
 */

const HEX = '0123456789ABCDEF';
/** Longest encoded line before the soft line break's `=` (RFC 2045: 76 with it). */
const MAX_LINE = 75;
const SOFT_BREAK = '=\r\n';
/** Printable ASCII without `=` (and without space, which may not end a line): copied as it is. */
const QP_LITERAL = /^[!-<>-~]+$/;

/**
 * Quoted-printable of `text` (UTF-8) as one chunk that starts at the beginning of a line.
 * With `joinable`, a chunk that does not end on a line break gets a soft line break, so
 * chunks encoded apart can be concatenated and every line stays ≤ 76 characters.
 * `encodeQuotedPrintable('Grüße', true) === 'Gr=C3=BC=C3=9Fe=\r\n'`
 */
export function encodeQuotedPrintable(text: string, joinable: boolean): string {
  if (text === '') return '';
  // most personal values (links, plain names) need no escaping: only cut into lines
  if (QP_LITERAL.test(text)) {
    let out = '';
    for (let at = 0; at < text.length; at += MAX_LINE) {
      const line = text.slice(at, at + MAX_LINE);
      out += at + MAX_LINE < text.length || joinable ? line + SOFT_BREAK : line;
    }
    return out;
  }
  const bytes = Buffer.from(text.replace(/\r\n|\r|\n/g, '\n'), 'utf8');
  let out = '';
  let line = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x0a) {
      out += `${line}\r\n`;
      line = '';
      continue;
    }
    let token: string;
    if (byte === 0x20 || byte === 0x09) {
      // whitespace at the end of a line or of the chunk must be encoded (RFC 2045 rule 3)
      const next = bytes[i + 1];
      token = next === undefined || next === 0x0a ? `=${HEX[byte >> 4]}${HEX[byte & 15]}` : byte === 0x20 ? ' ' : '\t';
    } else if (byte >= 33 && byte <= 126 && byte !== 61) {
      token = String.fromCharCode(byte);
    } else {
      // keep the bytes of one UTF-8 character on one line: some readers show halves as garbage
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      token = '';
      for (let k = 0; k < length && i + k < bytes.length; k++) {
        const b = bytes[i + k];
        token += `=${HEX[b >> 4]}${HEX[b & 15]}`;
      }
      i += length - 1;
    }
    if (line.length + token.length > MAX_LINE) {
      out += line + SOFT_BREAK;
      line = '';
    }
    line += token;
  }
  out += line;
  if (joinable && line !== '') out += SOFT_BREAK;
  return out;
}

/** Control characters (C0 with CR and LF, DEL, C1) and the Unicode line and paragraph separators: none may reach a header. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Text safe for one header line: control characters become a space, runs of spaces one.
 * @example headerSafe('News\r\nBcc: x') // 'News Bcc: x'
 */
export function headerSafe(value: string): string {
  return value.replace(CONTROL_CHARACTERS, ' ').replace(/ {2,}/g, ' ').trim();
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * Unstructured header text (Subject): as it is when ASCII, else RFC 2047 base64 words;
 * folded so no line passes 78 characters where a space allows. `nameLength` is the length
 * of `Name: ` in front of it.
 */
export function encodeUnstructured(value: string, nameLength: number): string {
  const text = headerSafe(value);
  // a word too long to fold at a space would make a line too long: encoded words can be cut anywhere
  if (ASCII_PRINTABLE.test(text) && !/=\?/.test(text) && !/\S{70}/.test(text)) return foldAtSpaces(text, nameLength);
  return encodedWords(text).join('\r\n ');
}

/** RFC 2047 `=?UTF-8?B?…?=` words of at most 64 characters, never splitting a character. */
export function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  let chunkBytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    // 39 bytes make a 64-character word: with "Subject: " in front the first line stays within 78
    if (chunkBytes + size > 39) {
      words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
      chunk = '';
      chunkBytes = 0;
    }
    chunk += char;
    chunkBytes += size;
  }
  if (chunk !== '' || words.length === 0) words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
  return words;
}

function foldAtSpaces(text: string, offset: number): string {
  if (text.length + offset <= 78) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const limit = lines.length === 0 ? 78 - offset : 77;
    if (line !== '' && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\r\n ');
}

/**
 * A display name as the words of an RFC 5322 phrase: one quoted string when it is short
 * printable ASCII, else RFC 2047 encoded words; none for an empty name. Cleaned with
 * `headerSafe` and cut at 200 characters (a name from a CSV can be any length: the header
 * must stay well under the 998-character line limit).
 * @example displayPhrase('Anna "A."') // ['"Anna \\"A.\\""']
 */
export function displayPhrase(name: string): string[] {
  const display = [...headerSafe(name)].slice(0, 200).join('');
  if (display === '') return [];
  if (display.length <= 60 && ASCII_PRINTABLE.test(display) && !/=\?/.test(display)) return [`"${display.replace(/["\\]/g, '\\$&')}"`];
  return encodedWords(display);
}

/** `"Anna Beispiel" <anna@example.org>`, the name RFC 2047 encoded when not ASCII; the bare address without a name. */
export function formatAddress(address: string, name?: string): string {
  const email = headerSafe(address).replace(/[\s<>",;]/g, '');
  const words = name === undefined ? [] : displayPhrase(name);
  if (words.length === 0) return `<${email}>`;
  return words.length === 1 ? `${words[0]} <${email}>` : `${words.join('\r\n ')}\r\n <${email}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** RFC 5322 date in UTC: `Mon, 23 Nov 2026 02:29:48 +0000`. */
export function formatDate(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

import { encodedWords, encodeQuotedPrintable, encodeUnstructured, formatAddress, formatDate, headerSafe } from '../../src/mime/encodings.js';

/** RFC 2045 decoding, kept naive on purpose: soft breaks out, `=XX` to bytes. */
function decodeQp(encoded: string): Buffer {
  const bytes: number[] = [];
  const text = encoded.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

describe('encodeQuotedPrintable', () => {
  test.each([
    ['plain ASCII, joinable', 'Hello', true, 'Hello=\r\n'],
    ['plain ASCII, last chunk', 'Hello', false, 'Hello'],
    ['umlauts and the equals sign', 'Grüße = 1', false, 'Gr=C3=BC=C3=9Fe =3D 1'],
    ['a space before a line break', 'end \nnext', false, 'end=20\r\nnext'],
    ['a space at the end of a chunk', 'end ', true, 'end=20=\r\n'],
    ['a chunk ending on a line break needs no soft break', 'line\n', true, 'line\r\n'],
    ['CR LF and lone CR become CRLF', 'a\r\nb\rc', false, 'a\r\nb\r\nc'],
    ['an empty chunk stays empty', '', true, ''],
  ])('%s', (_name, input, joinable, expected) => {
    expect(encodeQuotedPrintable(input, joinable)).toBe(expected);
  });

  test('long lines are cut with soft breaks at 76 characters, never inside a character', () => {
    const text = `${'ä'.repeat(100)} ${'x'.repeat(300)}\n${'🙂'.repeat(30)}`;
    const encoded = encodeQuotedPrintable(text, false);
    for (const line of encoded.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).not.toMatch(/=C3=$|=F0(=[0-9A-F]{2}){0,2}=$/);
    }
    expect(decodeQp(encoded).toString('utf8')).toBe(text.replace(/\n/g, '\r\n'));
  });

  test('chunks encoded apart and joined decode to the joined text', () => {
    const chunks = ['Liebe ', 'Änne', `,\n${'Rückblick '.repeat(20)}`, 'https://news.example.org/u/abc', '\nEnde '];
    const joined = chunks.map((c, i) => encodeQuotedPrintable(c, i < chunks.length - 1)).join('');
    expect(decodeQp(joined).toString('utf8')).toBe(chunks.join('').replace(/\n/g, '\r\n'));
  });
});

describe('header encoding', () => {
  test.each([
    ['ASCII stays readable', 'Issue 34', 'Issue 34'],
    ['non-ASCII becomes base64 words', 'Ausgabe für dich', '=?UTF-8?B?QXVzZ2FiZSBmw7xyIGRpY2g=?='],
    ['CR and LF become spaces', 'Hello\r\nBcc: x@example.net', 'Hello Bcc: x@example.net'],
    ['text that looks like an encoded word is encoded', 'a =?x?Q?y?= b', '=?UTF-8?B?YSA9P3g/UT95Pz0gYg==?='],
  ])('%s', (_name, input, expected) => {
    expect(encodeUnstructured(input, 9)).toBe(expected);
  });

  test('long ASCII subjects fold at spaces within 78 characters', () => {
    const folded = encodeUnstructured('word '.repeat(40).trim(), 9);
    const lines = `Subject: ${folded}`.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
    expect(lines.slice(1).every((line) => line.startsWith(' '))).toBe(true);
  });

  test('encoded words stay at 75 characters and never split a character', () => {
    const words = encodedWords('Grüße aus München, Köln und Düsseldorf — 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂');
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(word.slice(10, -2), 'base64'))).not.toThrow();
    }
  });

  test.each([
    ['a quoted ASCII name', 'anna@example.org', 'Anna "A." Beispiel', '"Anna \\"A.\\" Beispiel" <anna@example.org>'],
    ['an encoded name', 'anna@example.org', 'Änne', '=?UTF-8?B?w4RubmU=?= <anna@example.org>'],
    ['no name', 'anna@example.org', undefined, '<anna@example.org>'],
    ['a name with a line break', 'anna@example.org', 'Anna\r\nBcc: x@y', '"Anna Bcc: x@y" <anna@example.org>'],
    ['an address with angle brackets and spaces', 'an na>@example.org', 'A', '"A" <anna@example.org>'],
  ])('formatAddress: %s', (_name, address, name, expected) => {
    expect(formatAddress(address, name)).toBe(expected);
  });

  test.each([
    ['a very long ASCII name', 'A'.repeat(500)],
    ['a very long name with umlauts', 'Ä'.repeat(500)],
    ['a long name of words', 'Anna Beispiel von und zu Musterstadt '.repeat(10)],
  ])('formatAddress keeps %s within folded lines of 78 characters, cut at 200 characters', (_name, name) => {
    const lines = `To: ${formatAddress('anna@example.org', name)}`.split('\r\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
    expect(lines.slice(1).every((line) => line.startsWith(' '))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/<anna@example\.org>$/);
  });

  test('a subject with a word too long to fold is encoded and folded', () => {
    const lines = `Subject: ${encodeUnstructured(`Link: https://example.org/${'x'.repeat(300)}`, 9)}`.split('\r\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
  });

  test('formatDate writes RFC 5322 dates in UTC', () => {
    expect(formatDate(new Date(Date.UTC(2020, 11, 3, 9, 5, 7)))).toBe('Thu, 3 Dec 2020 09:05:07 +0000');
  });

  test('headerSafe removes every control character and line separator', () => {
    expect(headerSafe(' a\u0000b\tc\u2028d  e ')).toBe('a b c d e');
    expect(headerSafe('a\u0085b\u009fc')).toBe('a b c'); // C1 controls too: the one range render, send and the List-* headers share
  });
});

import { Readable } from 'node:stream';
// nodemailer's own encoder, the reference (its package does not export the file)
import DataStream from '../../node_modules/nodemailer/dist/esm/smtp-connection/data-stream.js';
import { dotsToDouble, toWireFormat, wireStream } from '../../src/send/smtp-data.js';

/** What a stream writes when `input` is fed to it in the given chunk sizes. */
async function throughStream(stream: NodeJS.ReadWriteStream, input: Buffer, sizes: number[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let at = 0;
  let turn = 0;
  const pieces: Buffer[] = [];
  while (at < input.length) {
    const size = Math.max(1, sizes[turn++ % sizes.length]);
    pieces.push(input.subarray(at, at + size));
    at += size;
  }
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  Readable.from(pieces, { objectMode: false }).pipe(stream);
  await ended;
  return Buffer.concat(chunks);
}

const cases: [string, string][] = [
  ['CRLF text without dots', 'Subject: Hi\r\n\r\nHello\r\nWorld\r\n'],
  ['a dot starting a line', 'a\r\n.b\r\n..c\r\n'],
  ['a dot as the first byte', '.first\r\n'],
  ['CSS rules in HTML', '<style>\r\n.mj-column { width:100% }\r\n.x{}\r\n</style>\r\n'],
  ['a bare LF', 'one\ntwo\r\n'],
  ['a bare CR', 'one\rtwo\r\n'],
  ['a bare CR before a dot', 'one\r.two\r\n'],
  ['a bare LF before a dot', 'one\n.two'],
  ['two CRs then LF', 'a\r\r\nb'],
  ['ends with CR', 'abc\r'],
  ['ends with LF', 'abc\n'],
  ['only a dot', '.'],
  ['a lone dot line', 'x\r\n.\r\ny\r\n'],
];

describe('the fast DATA encoder', () => {
  // nodemailer's own DataStream is the reference: the bytes on the wire must not change
  it.each(cases)('writes what nodemailer writes: %s', async (_name, text) => {
    const input = Buffer.from(text, 'latin1');
    for (const sizes of [[input.length], [1], [2, 3], [5, 1, 7]]) {
      const expected = await throughStream(new DataStream(), input, sizes);
      const actual = await throughStream(wireStream(), input, sizes);
      expect(actual.toString('latin1')).toBe(expected.toString('latin1'));
    }
  });

  it('writes what nodemailer writes for random bytes rich in CR, LF and dots, in random chunks', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = [0x0d, 0x0a, 0x2e, 0x41, 0x0d, 0x0a];
    for (let round = 0; round < 200; round++) {
      const input = Buffer.from(Array.from({ length: 1 + (next() % 60) }, () => alphabet[next() % alphabet.length]));
      const sizes = Array.from({ length: 4 }, () => 1 + (next() % 9));
      const expected = await throughStream(new DataStream(), input, sizes);
      const actual = await throughStream(wireStream(), input, sizes);
      expect([round, actual.toString('hex')]).toEqual([round, expected.toString('hex')]);
    }
  });

  it.each([
    ['CRLF text with two dotted lines', 'a\r\n.b\r\n.c', false, [3, 7]],
    ['a dot after the previous chunk ended a line', '.x', 0x0a, [0]],
    ['a dot after a previous chunk mid-line', '.x', 0x41, []],
    ['a bare LF', 'a\nb', false, undefined],
    ['a bare CR', 'a\rb', false, undefined],
    ['an LF whose CR ended the previous chunk', '\nx', 0x0d, []],
    ['a byte after a CR that ended the previous chunk', 'x', 0x0d, undefined],
  ] as const)('finds the dots to double with native searches: %s', (_name, text, lastByte, expected) => {
    expect(dotsToDouble(Buffer.from(text, 'latin1'), lastByte)).toEqual(expected);
  });

  it('turns bare line ends into CRLF byte by byte', () => {
    expect(toWireFormat(Buffer.from('a\nb\r.c'), false).toString()).toBe('a\r\nb\r\n..c');
  });
});

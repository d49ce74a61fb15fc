/**
 * FastDataConnection reaches into nodemailer's private parts: it overrides
 * `SMTPConnection#_createSendStream` and swaps the `_transform` of the DataStream that
 * method builds, keeping DataStream's own `_flush` and byte counters. These tests fail
 * loudly when an upgrade changes any of that, before a send quietly writes other bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { FastDataConnection } from '../../src/send/smtp-data.js';
import { repoRoot } from '../helpers/cli.js';

type Internals = {
  _envelope: unknown;
  _responseActions: unknown[];
  _socket: NodeJS.WritableStream;
  _createSendStream(callback: (error: Error | null) => void): NodeJS.ReadWriteStream & Record<string, unknown>;
};

/** The bytes a connection's DATA stream writes to its socket for `message`, and the stream. */
async function dataBytes(connection: SMTPConnection, message: string) {
  const internals = connection as unknown as Internals;
  const socket = new PassThrough();
  const written: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => written.push(chunk));
  // the state _createSendStream reads, as a connection has it after RCPT TO
  internals._envelope = { accepted: ['anna@example.org'] };
  internals._responseActions = [];
  internals._socket = socket;
  const stream = internals._createSendStream(() => {});
  const ended = new Promise((resolve) => stream.on('end', resolve));
  stream.end(Buffer.from(message));
  await ended;
  await new Promise((resolve) => setImmediate(resolve));
  return { bytes: Buffer.concat(written).toString('latin1'), stream, internals };
}

const MESSAGE = 'Subject: Hi\r\n\r\n<style>\r\n.x{}\r\n</style>\r\na bare\nline\r\n.';

describe('the nodemailer internals FastDataConnection relies on', () => {
  test('nodemailer is pinned to the exact version these tests ran against', () => {
    const wanted = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).dependencies.nodemailer as string;
    const installed = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'nodemailer', 'package.json'), 'utf8')).version as string;
    expect(wanted).toMatch(/^\d+\.\d+\.\d+$/); // no caret: an upgrade is a decision, made with these tests
    expect(installed).toBe(wanted);
  });

  test('SMTPConnection#send builds its DATA stream through _createSendStream', () => {
    const proto = SMTPConnection.prototype as unknown as Record<string, unknown>;
    expect(typeof proto._createSendStream).toBe('function');
    expect(String(proto.send)).toContain('this._createSendStream(');
  });

  test('the stream it builds is a DataStream with the fields our transform keeps', async () => {
    const { stream } = await dataBytes(new SMTPConnection({}), 'a\r\n');
    expect(Object.keys(stream)).toEqual(expect.arrayContaining(['inByteCount', 'outByteCount', 'lastByte']));
    const proto = Object.getPrototypeOf(stream) as Record<string, unknown>;
    expect(typeof proto._transform).toBe('function');
    expect(String(proto._flush)).toContain('lastByte');
  });

  test('FastDataConnection writes the same bytes and counts as nodemailer, through its own transform', async () => {
    const theirs = await dataBytes(new SMTPConnection({}), MESSAGE);
    const ours = await dataBytes(new FastDataConnection({}), MESSAGE);
    expect(Object.prototype.hasOwnProperty.call(ours.stream, '_transform')).toBe(true); // the override was reached
    expect(Object.prototype.hasOwnProperty.call(theirs.stream, '_transform')).toBe(false);
    expect(ours.bytes).toBe(theirs.bytes);
    expect(ours.bytes.endsWith('\r\n.\r\n')).toBe(true);
    expect([ours.stream.inByteCount, ours.stream.outByteCount]).toEqual([theirs.stream.inByteCount, theirs.stream.outByteCount]);
  });
});

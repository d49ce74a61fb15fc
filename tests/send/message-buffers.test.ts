import { simpleParser } from 'mailparser';
import { createMessageComposer } from '../../src/send/message.js';
import { config, englishIssue, germanIssue, keyring, recipient } from '../helpers/message-fixtures.js';

const fixedNow = () => new Date('2020-12-01T09:00:00Z');
const anna = recipient('anna@example.org', 'de', { firstName: 'Anna', fields: { firstname: 'Anna' } });
const bo = recipient('bo@example.org', 'de', { firstName: 'Bo', fields: { firstname: 'Bo' } });

describe('createMessageComposer with reused buffers', () => {
  it('builds the same message as without reuse, and gives a released buffer to the next message', async () => {
    const plain = createMessageComposer([germanIssue, englishIssue], config, { keyring, now: fixedNow });
    const pooled = createMessageComposer([germanIssue, englishIssue], config, { keyring, now: fixedNow, reuseBuffers: true });
    const first = pooled(anna, '<1@example.org>');
    const firstText = first.raw.toString('latin1');
    expect(first.release).toBeInstanceOf(Function);
    first.release!();
    const second = pooled(bo, '<2@example.org>');
    // the same memory, now holding Bo's message
    expect(second.raw.buffer).toBe(first.raw.buffer);
    expect(second.raw.byteOffset).toBe(first.raw.byteOffset);
    // boundaries and tokens are random: compare what a mail program shows, links normalised
    const shown = async (raw: Buffer | string) => {
      const mail = await simpleParser(raw);
      const link = (text: string | false | undefined) => String(text).replace(/\/u\/[A-Za-z0-9_-]+/g, '/u/TOKEN');
      return { to: mail.to, subject: mail.subject, messageId: mail.messageId, text: link(mail.text), html: link(mail.html) };
    };
    expect(await shown(second.raw)).toEqual(await shown(plain(bo, '<2@example.org>').raw));
    expect(await shown(firstText)).toEqual(await shown(plain(anna, '<1@example.org>').raw));
    expect((await shown(second.raw)).text).toContain('Liebe Bo,');
  });

  it('never hands out a buffer that was not released, and takes a release only once', () => {
    const pooled = createMessageComposer([germanIssue], config, { keyring, now: fixedNow, reuseBuffers: true });
    const first = pooled(anna, '<1@example.org>');
    const second = pooled(bo, '<2@example.org>');
    expect(second.raw.buffer).not.toBe(first.raw.buffer);
    first.release!();
    first.release!();
    const third = pooled(bo, '<3@example.org>');
    const fourth = pooled(anna, '<4@example.org>');
    expect(third.raw.buffer).toBe(first.raw.buffer);
    expect(fourth.raw.buffer).not.toBe(first.raw.buffer);
    expect(fourth.raw.toString('latin1')).toContain('Message-ID: <4@example.org>');
  });

  it('has no release without reuse: such messages may be kept (the recording transport does)', () => {
    const plain = createMessageComposer([germanIssue], config, { keyring, now: fixedNow });
    expect(plain(anna, '<1@example.org>').release).toBeUndefined();
  });
});

import { createMessageComposer, newMessageId } from '../../src/send/message.js';
import { messageIdAt, openVerpToken, verpKeys } from '../../src/unsubscribe/verp-token.js';
import type { Config } from '../../src/config/types.js';
import { config, englishIssue, germanIssue, keyring, recipient } from '../helpers/message-fixtures.js';

const keys = verpKeys(keyring);
const listUnsubscribe = (raw: Buffer) => /^List-Unsubscribe: (.*)$/m.exec(raw.toString('utf8'))![1].trim();
const composeWith = (extra: Partial<Config>) => createMessageComposer([germanIssue, englishIssue], { ...config, ...extra }, { keyring });
const anna = recipient('anna@example.org', 'de');

describe('the return path', () => {
  it('without return_path nothing changes: From is the envelope sender, the mailto is the configured one or none', () => {
    const id = newMessageId('example.org');
    const message = composeWith({})(anna, id);
    expect(message.envelope.from).toBe('newsletter@example.org');
    expect(listUnsubscribe(message.raw)).toMatch(/^<https:\/\/[^>]+\/u\/[A-Za-z0-9_-]+>$/);
  });

  it('with return_path the envelope sender carries a VERP token that leads back to the Message-ID, and the mailto is the reader\'s own', () => {
    const id = newMessageId('example.org');
    const message = composeWith({ return_path: 'bounces@news.example.org' })(anna, id);
    const match = /^bounces\+([a-z2-7]+)@news\.example\.org$/.exec(message.envelope.from);
    expect(match).not.toBeNull();
    expect(messageIdAt(openVerpToken(keys, match![1])!.localPart, 'example.org')).toBe(id);
    expect(match![1]).not.toContain('anna');
    expect(listUnsubscribe(message.raw)).toMatch(new RegExp(`^<https://[^>]+/u/[A-Za-z0-9_-]+>, <mailto:bounces\\+u-${match![1]}@news\\.example\\.org\\?subject=unsubscribe>$`));
    expect(message.envelope.from.split('@')[0].length).toBeLessThanOrEqual(64);
  });

  it('each reader and message gets a token of their own', () => {
    const compose = composeWith({ return_path: 'bounces@news.example.org' });
    const a = compose(anna, newMessageId('example.org')).envelope.from;
    const b = compose(recipient('ben@example.org', 'en'), newMessageId('example.org')).envelope.from;
    expect(a).not.toBe(b);
  });

  it('honours the separator and verp: false (a fixed envelope sender, the mailto still personal)', () => {
    const id = newMessageId('example.org');
    expect(composeWith({ return_path: 'bounces@news.example.org', bounces: { separator: '-' } })(anna, id).envelope.from).toMatch(/^bounces-[a-z2-7]{45}@news\.example\.org$/);
    const fixed = composeWith({ return_path: 'bounces@news.example.org', bounces: { verp: false } })(anna, id);
    expect(fixed.envelope.from).toBe('bounces@news.example.org');
    expect(listUnsubscribe(fixed.raw)).toMatch(/<mailto:bounces\+u-[a-z2-7]{45}@news\.example\.org\?subject=unsubscribe>$/);
  });

  it('with unsubscribe.mailto alone, the mailto there is personal and the envelope sender stays From', () => {
    const message = composeWith({ unsubscribe: { mailto: 'unsubscribe@example.org' } })(anna, newMessageId('example.org'));
    expect(message.envelope.from).toBe('newsletter@example.org');
    expect(listUnsubscribe(message.raw)).toMatch(/<mailto:unsubscribe\+u-[a-z2-7]{45}@example\.org\?subject=unsubscribe>$/);
  });
});

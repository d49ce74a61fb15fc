import { keyringFromSecrets } from '../../src/unsubscribe/keyring.js';
import { newMessageId } from '../../src/send/message.js';
import {
  envelopeSender,
  longestLocalPart,
  messageIdAt,
  openVerpToken,
  tokenInAddress,
  TOKEN_LENGTH,
  unsubscribeAddress,
  verpKeys,
  verpToken,
} from '../../src/unsubscribe/verp-token.js';

const keys = verpKeys(keyringFromSecrets('a-test-secret-for-verp-0123456789'));
const otherKeys = verpKeys(keyringFromSecrets('another-secret-entirely-98765432'));

describe('VERP tokens', () => {
  it('round-trips the Message-ID of newMessageId, and names no address', () => {
    for (let i = 0; i < 50; i++) {
      const id = newMessageId('news.example.org');
      const token = verpToken(keys, id)!;
      expect(token).toMatch(/^[a-z2-7]+$/);
      expect(token).toHaveLength(TOKEN_LENGTH);
      const opened = openVerpToken(keys, token);
      expect(opened && messageIdAt(opened.localPart, 'news.example.org')).toBe(id);
    }
  });

  it('keeps a local part within 64 octets for the usual return path', () => {
    expect(longestLocalPart('bounces@news.example.org', '+')).toBeLessThanOrEqual(64);
    const address = unsubscribeAddress('bounces@news.example.org', '+', verpToken(keys, newMessageId('x.org'))!);
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
  });

  it('opens upper-cased tokens (some systems fold the local part)', () => {
    const token = verpToken(keys, newMessageId('news.example.org'))!;
    expect(openVerpToken(keys, token.toUpperCase())).toBeDefined();
  });

  it('refuses a token cut off, altered, or made with another secret', () => {
    const token = verpToken(keys, newMessageId('news.example.org'))!;
    expect(openVerpToken(keys, token.slice(0, -3))).toBeUndefined();
    const flipped = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
    expect(openVerpToken(keys, flipped)).toBeUndefined();
    expect(openVerpToken(otherKeys, token)).toBeUndefined();
    expect(openVerpToken(keys, '')).toBeUndefined();
    expect(openVerpToken(keys, 'not-base32!')).toBeUndefined();
  });

  it('opens tokens of a previous secret after a rotation', () => {
    const old = verpToken(otherKeys, newMessageId('news.example.org'))!;
    const rotated = verpKeys(keyringFromSecrets('a-test-secret-for-verp-0123456789', ['another-secret-entirely-98765432']));
    expect(openVerpToken(rotated, old)).toBeDefined();
  });

  it('gives no token for a Message-ID of another form', () => {
    expect(verpToken(keys, '<hand-made@example.org>')).toBeUndefined();
  });
});

describe('return path addresses', () => {
  const token = 'abc234';
  it.each([
    [{ address: 'bounces@news.example.org', verp: true, separator: '+' }, 'bounces+abc234@news.example.org'],
    [{ address: 'bounces@news.example.org', verp: true, separator: '-' }, 'bounces-abc234@news.example.org'],
    [{ address: 'bounces@news.example.org', verp: false, separator: '+' }, 'bounces@news.example.org'],
  ])('%j → %s', (returnPath, expected) => {
    expect(envelopeSender(returnPath, token)).toBe(expected);
  });

  it('finds the token and its kind in the address a message came to', () => {
    const bases = ['bounces@news.example.org'];
    expect(tokenInAddress('bounces+abc234@news.example.org', bases, '+')).toEqual({ kind: 'bounce', token: 'abc234' });
    expect(tokenInAddress('Bounces+U-ABC234@News.Example.org', bases, '+')).toEqual({ kind: 'unsubscribe', token: 'abc234' });
    expect(tokenInAddress('bounces@news.example.org', bases, '+')).toBeUndefined();
    expect(tokenInAddress('editor+abc234@news.example.org', bases, '+')).toBeUndefined();
    expect(tokenInAddress('bounces+abc234@elsewhere.example', bases, '+')).toBeUndefined();
  });
});

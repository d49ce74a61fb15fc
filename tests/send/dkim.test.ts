import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth';
import { createDkimSigner, relaxedBody } from '../../src/send/dkim.js';
import { createMessageComposer } from '../../src/send/message.js';
import { config, englishIssue, germanIssue, keyring, recipient } from '../helpers/message-fixtures.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

/** The DNS answer for `sel2020._domainkey.example.org`, without DNS. */
const resolver = async (name: string, type: string) => {
  if (type === 'TXT' && name === 'sel2020._domainkey.example.org') return [[`v=DKIM1; k=rsa; p=${publicKeyBase64}`]];
  const error = new Error(`no such record: ${name}`) as Error & { code: string };
  error.code = 'ENOTFOUND';
  throw error;
};

const sign = createDkimSigner({ domain: 'example.org', selector: 'sel2020', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
const compose = createMessageComposer([germanIssue, englishIssue], config, { keyring, dkim: sign });

async function verify(raw: Buffer) {
  const { results } = await dkimVerify(raw, { resolver } as Parameters<typeof dkimVerify>[1]);
  return results;
}

describe('DKIM', () => {
  test('a composed message verifies, and the signature covers the unsubscribe headers', async () => {
    const message = compose(recipient('anna@example.org', 'de', { firstName: 'Änne' }), '<a1@example.org>');
    const results = await verify(message.raw);
    expect(results).toHaveLength(1);
    expect(results[0].status.result).toBe('pass');
    expect(results[0].signingDomain).toBe('example.org');
    const signatureHeader = message.raw.toString('latin1').split('\r\nFrom:')[0].replace(/\r\n\s+/g, ' ');
    const signed = /\bh=([^;]+);/.exec(signatureHeader)![1].trim().split(':');
    for (const name of ['from', 'to', 'subject', 'date', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post', 'list-id', 'feedback-id']) {
      expect([name, signed.includes(name)]).toEqual([name, true]);
    }
  });

  test.each([
    ['the body', (raw: string) => raw.replace('Trier', 'Trief'), 'body hash did not verify'],
    ['the unsubscribe link', (raw: string) => raw.replace(/(List-Unsubscribe: <https:\/\/news\.example\.org\/u\/)(.)/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A')), 'bad signature'],
    ['the one-click header', (raw: string) => raw.replace('List-Unsubscribe=One-Click', 'List-Unsubscribe=Two-Click'), 'bad signature'],
  ])('changing %s breaks the signature', async (_what, tamper, comment) => {
    const raw = compose(recipient('anna@example.org', 'de'), '<a2@example.org>').raw.toString('latin1');
    const altered = tamper(raw);
    expect(altered).not.toBe(raw);
    const results = await verify(Buffer.from(altered, 'latin1'));
    expect(results[0].status.result).not.toBe('pass');
    expect(results[0].status.comment).toBe(comment);
  });

  test('only an RSA key is taken', () => {
    const { privateKey: edKey } = generateKeyPairSync('ed25519');
    expect(() => createDkimSigner({ domain: 'example.org', selector: 's', privateKey: edKey })).toThrow('DKIM needs an RSA private key, got a ed25519 key');
  });

  test.each([
    ['a  b \t c  \r\n', 'a b c\r\n'],
    ['line\r\n\r\n\r\n', 'line\r\n'],
    ['no break at end', 'no break at end\r\n'],
    ['\r\n\r\n', ''],
    ['', ''],
  ])('relaxed body of %j', (input, expected) => {
    expect(relaxedBody(input)).toBe(expected);
  });
});

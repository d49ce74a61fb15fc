import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import {
  createUnsubscribeToken,
  DEV_SECRET_FILE,
  keyringFromSecrets,
  loadKeyring,
  openUnsubscribeToken,
  tokenFromLink,
  unsubscribeUrl,
} from '../../src/unsubscribe/index.js';

const SECRET = 'kJ3v9Qm2xT7pL0aZ8wYc4Rn6Bd1Hs5Ue';
const OLD_SECRET = 'Wm3/uQ8zR1vK+eX5nA0cT7yB4hJ2sL9d';
const keyring = keyringFromSecrets(SECRET);
const reader = { email: 'Anna.Schmidt@example.org', listId: 'newsletter.example.org', lang: 'de' };
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('unsubscribe tokens', () => {
  test('round trip: the endpoint learns reader, list and language from the token alone', () => {
    const token = createUnsubscribeToken(keyring, reader);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(openUnsubscribeToken(keyring, token)).toEqual(reader);
    expect(openUnsubscribeToken(keyringFromSecrets(SECRET), token)).toEqual(reader);
  });

  test('every character position altered → rejected', () => {
    const token = createUnsubscribeToken(keyring, reader);
    for (let i = 0; i < token.length; i++) {
      for (const replacement of [BASE64URL[(BASE64URL.indexOf(token[i]) + 1) % 64], BASE64URL[(BASE64URL.indexOf(token[i]) + 33) % 64]]) {
        const altered = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(openUnsubscribeToken(keyring, altered)).toBeUndefined();
      }
    }
  });

  test('every byte position flipped → rejected', () => {
    const bytes = Buffer.from(createUnsubscribeToken(keyring, reader), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x80]) {
        const altered = Buffer.from(bytes);
        altered[i] ^= mask;
        expect(openUnsubscribeToken(keyring, altered.toString('base64url'))).toBeUndefined();
      }
    }
  });

  test('truncated, extended and garbage tokens are rejected without throwing', () => {
    const token = createUnsubscribeToken(keyring, reader);
    const garbage = [
      token.slice(0, -1),
      token.slice(1),
      token.slice(0, 20),
      `${token}A`,
      `${token}==`,
      token.replace(/-/g, '+').replace(/_/g, '/'),
      '',
      'A',
      '../../etc/passwd',
      '%00',
      'x'.repeat(5000),
      'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ];
    for (const bad of garbage) expect(openUnsubscribeToken(keyring, bad)).toBeUndefined();
    expect(openUnsubscribeToken(keyring, undefined as unknown as string)).toBeUndefined();
  });

  test('a token of another key is rejected', () => {
    const foreign = createUnsubscribeToken(keyringFromSecrets('someone-elses-secret-value-xyz'), reader);
    expect(openUnsubscribeToken(keyring, foreign)).toBeUndefined();
  });

  test('after a rotation old links keep working, and only through the previous secret', () => {
    const before = createUnsubscribeToken(keyringFromSecrets(OLD_SECRET), reader);
    const rotated = keyringFromSecrets(SECRET, [OLD_SECRET]);
    expect(openUnsubscribeToken(rotated, before)).toEqual(reader);
    expect(openUnsubscribeToken(keyringFromSecrets(SECRET), before)).toBeUndefined();
    const after = createUnsubscribeToken(rotated, reader);
    expect(openUnsubscribeToken(keyringFromSecrets(SECRET), after)).toEqual(reader);
    expect(openUnsubscribeToken(keyringFromSecrets(OLD_SECRET), after)).toBeUndefined();
  });

  test('the token names no address in any encoding', () => {
    for (let n = 0; n < 20; n++) {
      const token = createUnsubscribeToken(keyring, reader);
      const forms = [reader.email, reader.email.toLowerCase(), 'anna.schmidt', 'example.org'];
      for (const form of forms) {
        expect(token.toLowerCase()).not.toContain(form.toLowerCase());
        expect(token.toLowerCase()).not.toContain(Buffer.from(form).toString('hex'));
        // base64 of the address at any alignment shows up as these bytes once decoded
        expect(Buffer.from(token, 'base64url').toString('latin1').toLowerCase()).not.toContain(form.toLowerCase());
        for (const shift of [0, 1, 2]) {
          const encoded = Buffer.from('x'.repeat(shift) + form).toString('base64url').slice(4);
          expect(token).not.toContain(encoded.slice(0, 8));
        }
      }
    }
  });

  test('two tokens for the same reader differ (fresh nonce), both valid', () => {
    const [a, b] = [createUnsubscribeToken(keyring, reader), createUnsubscribeToken(keyring, reader)];
    expect(a).not.toBe(b);
    expect(openUnsubscribeToken(keyring, a)).toEqual(openUnsubscribeToken(keyring, b));
  });

  test('links: built under the base URL, and the token found again in a pasted link', () => {
    const token = createUnsubscribeToken(keyring, reader);
    expect(unsubscribeUrl('https://news.example.org/', token)).toBe(`https://news.example.org/u/${token}`);
    expect(unsubscribeUrl('https://example.org/newsletter', token)).toBe(`https://example.org/newsletter/u/${token}`);
    expect(tokenFromLink(`  https://news.example.org/u/${token}  `)).toBe(token);
    expect(tokenFromLink(`https://news.example.org/u/${token}/?utm=x`)).toBe(token);
    expect(tokenFromLink(token)).toBe(token);
    expect(tokenFromLink('anna@example.org')).toBeUndefined();
    expect(tokenFromLink('https://news.example.org/archive/')).toBeUndefined();
  });
});

describe('loadKeyring', () => {
  const stateDir = () => mkdtempSync(join(tmpdir(), 'newsletter-keys-'));

  test('NEWSLETTER_SECRET seals; an old-style NEWSLETTER_SECRET_PREVIOUS list (spaces or commas) still opens, and is warned about', () => {
    const old1 = createUnsubscribeToken(keyringFromSecrets(OLD_SECRET), reader);
    const old2 = createUnsubscribeToken(keyringFromSecrets('another-old-secret-987654321'), reader);
    // the first version's list form (every part 16 characters or more): still opens, with a warning
    const { keyring: loaded, usingDevKey, warnings } = loadKeyring({
      env: { NEWSLETTER_SECRET: ` ${SECRET}\n`, NEWSLETTER_SECRET_PREVIOUS: `${OLD_SECRET}, another-old-secret-987654321` },
      stateDir: stateDir(),
      allowDevKey: false,
    });
    expect(usingDevKey).toBe(false);
    expect(loaded.current.equals(keyring.current)).toBe(true);
    expect(openUnsubscribeToken(loaded, old1)).toEqual(reader);
    expect(openUnsubscribeToken(loaded, old2)).toEqual(reader);
    expect(warnings).toEqual([expect.stringMatching(/^NEWSLETTER_SECRET_PREVIOUS holds several secrets separated by spaces or commas/)]);
  });

  test('without a secret a development key is made once in the state folder, readable by its owner and the folder\'s group only', () => {
    const dir = stateDir();
    const first = loadKeyring({ env: {}, stateDir: dir, allowDevKey: true });
    const second = loadKeyring({ env: {}, stateDir: dir, allowDevKey: true });
    expect(first.usingDevKey).toBe(true);
    expect(second.keyring.current.equals(first.keyring.current)).toBe(true);
    expect(readFileSync(join(dir, DEV_SECRET_FILE), 'utf8').trim().length).toBeGreaterThanOrEqual(40);
    expect(statSync(join(dir, DEV_SECRET_FILE)).mode & 0o777).toBe(0o660);
  });

  const refusals: [string, NodeJS.ProcessEnv, string][] = [
    [
      'no secret where mail goes out',
      {},
      'NEWSLETTER_SECRET is not set: it is the key that makes and checks the unsubscribe links',
    ],
    ['a short secret', { NEWSLETTER_SECRET: 'geheim' }, 'NEWSLETTER_SECRET is too short (6 characters; at least 16 are needed)'],
    [
      'a short previous secret',
      { NEWSLETTER_SECRET: SECRET, NEWSLETTER_SECRET_PREVIOUS: 'alt' },
      'NEWSLETTER_SECRET_PREVIOUS is too short (3 characters; at least 16 are needed)',
    ],
  ];
  test.each(refusals)('%s → a UserError that says how to make one', (_name, env, message) => {
    const error = (() => {
      try {
        loadKeyring({ env, stateDir: stateDir(), allowDevKey: false });
      } catch (e) {
        return e;
      }
    })() as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(message);
    expect(error.hint).toBe(
      'make one with `openssl rand -base64 32` and set it as NEWSLETTER_SECRET in the environment of both the sender and `newsletter serve`',
    );
  });
});

import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import {
  createUnsubscribeToken,
  keyringFromSecrets,
  loadKeyring,
  openUnsubscribeToken,
  PADDED_SIZES,
  previousSecrets,
  secretBits,
  weakSecret,
} from '../../src/unsubscribe/index.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'newsletter-keys-'));
const reader = { email: 'anna.schmidt@example.org', listId: 'newsletter.example.org', lang: 'de' };

/** Made by the first token format (HKDF key, 4-byte key id) before this change, with these secrets. */
const LEGACY = {
  secret: 'Old-link secret, from before: 5vQ+2pLw9x',
  token: 'AYJVuemq1yVlcVXxkeubH_peYS9S4vQ8q-xFHN7ZWIq81IJ7AVw4IxqHmyrTwGfTyYcXGOhwilQN-Vw7tmgzy4kfvwqKfj3vpyESiIIVM5NNNv8',
};

/** The attack of the review: derive a guess's key id the fast way and compare it to the link's. */
function guessFromLink(token: string, dictionary: string[]): string | undefined {
  const id = Buffer.from(token, 'base64url').subarray(1, 5).toString('hex');
  return dictionary.find((guess) => {
    const key = Buffer.from(hkdfSync('sha256', guess, 'newsletter/unsubscribe', 'aes-256-gcm token key', 32));
    return createHash('sha256').update('key id').update(key).digest('hex').slice(0, 8) === id;
  });
}

describe('weak secrets (issue 11, item 3)', () => {
  const dictionary = ['password1234567890', 'aaaaaaaaaaaaaaaa', 'newsletter-secret-2024!', 'Sommer2024!Sommer2024!'];

  test('the attack: a first-format link gives its dictionary secret away; a new link carries no key id to test guesses against', () => {
    const weak = 'newsletter-secret-2024!';
    const old = (() => {
      // the first format, built as it was, to show the attack worked against it
      const key = Buffer.from(hkdfSync('sha256', weak, 'newsletter/unsubscribe', 'aes-256-gcm token key', 32));
      const id = createHash('sha256').update('key id').update(key).digest('hex').slice(0, 8);
      return Buffer.concat([Buffer.from([1]), Buffer.from(id, 'hex'), Buffer.alloc(40)]).toString('base64url');
    })();
    expect(guessFromLink(old, dictionary)).toBe(weak);
    const fresh = createUnsubscribeToken(keyringFromSecrets(weak), reader);
    expect(guessFromLink(fresh, dictionary)).toBeUndefined();
  });

  test('the token names no key: apart from the version byte no byte repeats across tokens of one key', () => {
    const keyring = keyringFromSecrets('Tq8+Zr2mWc5xVn1bKp7yHd3sLf9gJa0e');
    const tokens = Array.from({ length: 40 }, () => Buffer.from(createUnsubscribeToken(keyring, reader), 'base64url'));
    expect(tokens.every((t) => t[0] === 2)).toBe(true);
    for (let i = 1; i < tokens[0].length; i++) expect(new Set(tokens.map((t) => t[i])).size).toBeGreaterThan(1);
  });

  test.each([
    ['aaaaaaaaaaaaaaaa', false],
    ['newsletter-secret-2024!', false],
    ['Sommer2024!Sommer2024!Sommer2024!', false],
    ['abcdefghijklmnopqrstuvwxyz0123456789', false],
    ['kJ3v9Qm2xT7pL0aZ8wYc4Rn6Bd1Hs5Ue', true],
    ['plaza crane rusty obtain ninety gallon', true],
  ])('%s strong: %s', (secret, strong) => {
    expect(weakSecret('NEWSLETTER_SECRET', secret) === undefined).toBe(strong);
  });

  test('`openssl rand -base64 32` and `-hex 32` always count as strong (1000 draws each)', () => {
    for (let i = 0; i < 1000; i++) {
      expect(secretBits(randomBytes(32).toString('base64'))).toBeGreaterThanOrEqual(128);
      expect(secretBits(randomBytes(32).toString('hex'))).toBeGreaterThanOrEqual(128);
    }
  });

  test('a real send refuses a weak secret and says how to make one and keep old links; the rest warns', () => {
    const env = { NEWSLETTER_SECRET: 'aaaaaaaaaaaaaaaa' };
    let error: unknown;
    try {
      loadKeyring({ env, stateDir: stateDir(), allowDevKey: false, requireStrong: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      'NEWSLETTER_SECRET looks weak (about 0 bits by a rough estimate; 128 are wanted): a guessed secret lets anyone unsubscribe anyone and read the addresses in collected links',
    );
    expect((error as UserError).hint).toContain('openssl rand -base64 32');
    expect((error as UserError).hint).toContain('move the old secret to NEWSLETTER_SECRET_PREVIOUS');
    const loaded = loadKeyring({ env, stateDir: stateDir(), allowDevKey: false });
    expect(loaded.warnings).toEqual([expect.stringMatching(/^NEWSLETTER_SECRET looks weak/)]);
  });

  test('links of the first format keep opening while their secret is configured, current or previous, and never with another', () => {
    const fresh = 'Tq8+Zr2mWc5xVn1bKp7yHd3sLf9gJa0e';
    expect(openUnsubscribeToken(keyringFromSecrets(LEGACY.secret), LEGACY.token)).toEqual(reader);
    expect(openUnsubscribeToken(keyringFromSecrets(fresh, [LEGACY.secret]), LEGACY.token)).toEqual(reader);
    expect(openUnsubscribeToken(keyringFromSecrets(fresh), LEGACY.token)).toBeUndefined();
  });
});

describe('rotation (issue 11, item 4)', () => {
  const A = 'first secret, with a comma and spaces: 7Hq2';
  const B = 'second, also with commas; and spaces 9Kx4 zZ';
  const C = 'vN4+qT8zLk1wR6yB3mXc0sF5hJ7pD2gA';

  test('one secret per variable, spaces and commas included; rotating twice keeps both older links working', () => {
    const fromA = createUnsubscribeToken(loadKeyring({ env: { NEWSLETTER_SECRET: A }, stateDir: stateDir(), allowDevKey: false }).keyring, reader);
    const afterFirst = loadKeyring({ env: { NEWSLETTER_SECRET: B, NEWSLETTER_SECRET_PREVIOUS: A }, stateDir: stateDir(), allowDevKey: false });
    expect(afterFirst.warnings.filter((w) => w.includes('PREVIOUS'))).toEqual([]);
    expect(openUnsubscribeToken(afterFirst.keyring, fromA)).toEqual(reader);
    const fromB = createUnsubscribeToken(afterFirst.keyring, reader);

    const env = { NEWSLETTER_SECRET: C, NEWSLETTER_SECRET_PREVIOUS: B, NEWSLETTER_SECRET_PREVIOUS_2: A };
    const afterSecond = loadKeyring({ env, stateDir: stateDir(), allowDevKey: false });
    expect(afterSecond.warnings).toEqual([]);
    expect(openUnsubscribeToken(afterSecond.keyring, fromA)).toEqual(reader);
    expect(openUnsubscribeToken(afterSecond.keyring, fromB)).toEqual(reader);
    const fromC = createUnsubscribeToken(afterSecond.keyring, reader);
    expect(openUnsubscribeToken(keyringFromSecrets(C), fromC)).toEqual(reader);
    expect(openUnsubscribeToken(keyringFromSecrets(B, [A]), fromC)).toBeUndefined();
    // dropping the oldest secret ends its links, as documented
    expect(openUnsubscribeToken(loadKeyring({ env: { NEWSLETTER_SECRET: C, NEWSLETTER_SECRET_PREVIOUS: B }, stateDir: stateDir(), allowDevKey: false }).keyring, fromA)).toBeUndefined();
  });

  test('previousSecrets reads the numbered variables in order and keeps each whole', () => {
    expect(previousSecrets({ NEWSLETTER_SECRET_PREVIOUS_10: C, NEWSLETTER_SECRET_PREVIOUS: B, NEWSLETTER_SECRET_PREVIOUS_2: A, OTHER: 'x' })).toEqual({
      secrets: [B, A, C],
      legacyLists: [],
    });
  });
});

describe('token length (issue 11, item 6)', () => {
  test('addresses of 6, 24 and 52 characters give tokens of one length; only four lengths exist', () => {
    const keyring = keyringFromSecrets('Tq8+Zr2mWc5xVn1bKp7yHd3sLf9gJa0e');
    const lengthFor = (email: string) => createUnsubscribeToken(keyring, { ...reader, email }).length;
    const emails = ['a@b.de', 'anna.schmidt@example.org', `${'x'.repeat(40)}@example.org`];
    expect(emails.map((e) => e.length)).toEqual([6, 24, 52]);
    expect(new Set(emails.map(lengthFor)).size).toBe(1);
    const lengths = new Set<number>();
    for (let n = 1; n <= 64; n++) for (const domain of ['example.org', `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.org`]) lengths.add(lengthFor(`${'x'.repeat(n)}@${domain}`));
    expect(lengths.size).toBeLessThanOrEqual(PADDED_SIZES.length);
    for (const length of lengths) expect(PADDED_SIZES.map((size) => Math.ceil(((1 + 12 + size + 16) * 4) / 3))).toContain(length);
  });
});

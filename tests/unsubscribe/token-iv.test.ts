import { createUnsubscribeToken, keyringFromSecrets, openUnsubscribeToken } from '../../src/unsubscribe/index.js';

const HEADER = 1;
const IV = 12;

describe('unsubscribe token nonces, cut from random bytes fetched in bulk', () => {
  test('10 000 tokens (past two refills of the stock): every nonce differs, every token opens to its reader', () => {
    const keyring = keyringFromSecrets('a test secret that is long enough');
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const payload = { email: `reader${i}@example.org`, listId: 'news.example.org', lang: i % 2 ? 'en' : 'de' };
      const token = createUnsubscribeToken(keyring, payload);
      nonces.add(Buffer.from(token, 'base64url').subarray(HEADER, HEADER + IV).toString('hex'));
      expect(openUnsubscribeToken(keyring, token)).toEqual(payload);
    }
    expect(nonces.size).toBe(10_000);
  });

  test('a token opens under the keyring it was made with only, one keyring after another', () => {
    const first = keyringFromSecrets('the first secret, long enough here');
    const second = keyringFromSecrets('the second secret, long enough too');
    const payload = { email: 'anna@example.org', listId: 'news.example.org', lang: 'de' };
    const a = createUnsubscribeToken(first, payload);
    const b = createUnsubscribeToken(second, payload);
    const c = createUnsubscribeToken(first, payload);
    expect([openUnsubscribeToken(first, a), openUnsubscribeToken(second, b), openUnsubscribeToken(first, c)]).toEqual([payload, payload, payload]);
    expect([openUnsubscribeToken(second, a), openUnsubscribeToken(first, b)]).toEqual([undefined, undefined]);
  });
});

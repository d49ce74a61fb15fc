import { keyringFromSecrets } from '../../src/unsubscribe/keyring.js';
import { createUnsubscribeToken, openUnsubscribeToken } from '../../src/unsubscribe/token.js';

const keyring = keyringFromSecrets('a test secret that is long enough');

describe('an unsubscribe token knows its issue', () => {
  it('carries the issue it was sent with', () => {
    const token = createUnsubscribeToken(keyring, { email: 'anna@example.org', listId: 'news.example.org', lang: 'de', issueId: '2020-12-nr34' });
    expect(openUnsubscribeToken(keyring, token)).toEqual({ email: 'anna@example.org', listId: 'news.example.org', lang: 'de', issueId: '2020-12-nr34' });
  });

  it('links made without one keep working', () => {
    const token = createUnsubscribeToken(keyring, { email: 'anna@example.org', listId: 'news.example.org', lang: 'de' });
    expect(openUnsubscribeToken(keyring, token)).toEqual({ email: 'anna@example.org', listId: 'news.example.org', lang: 'de' });
  });
});

import { join } from 'node:path';
import { createUnsubscribeToken, keyringFromSecrets, unsubscribeUrl } from '../../src/unsubscribe/index.js';
import { suppressionEntries } from '../helpers/sqlite-state.js';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

const SECRET = 'p6HUSqqWwdLKazlWrTgE3axaDFokdV7J8jYCkZ46IW4=';
const env = { NEWSLETTER_SECRET: SECRET, NEWSLETTER_SECRET_PREVIOUS: '' };

const entries = suppressionEntries;

describe('newsletter unsubscribe', () => {
  test('an address in any case is recorded by hand; doing it again changes nothing', async () => {
    const dir = tempProject();
    const state = join(dir, 'state');
    const first = await runCli(['unsubscribe', '  Anna@Example.ORG ', '--state', state], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('Anna@example.org is unsubscribed and will get no more mail.\n');
    const again = await runCli(['unsubscribe', 'anna@example.org', '--state', state], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Anna@example\.org was already on the suppression list \(by-hand, \d{4}-\d\d-\d\d\); nothing changed\.\n$/);
    expect(entries(state)).toMatchObject([{ key: 'anna@example.org', reason: 'by-hand' }]);
  });

  test.each([['Anna Schmidt <Anna@Example.org>'], ['mailto:anna@example.org?subject=unsubscribe']])('an address as pasted from a mail program: %s', async (pasted) => {
    const dir = tempProject();
    const state = join(dir, 'state');
    const result = await runCli(['unsubscribe', pasted, '--state', state], { cwd: dir });
    expect(result.code).toBe(0);
    expect(entries(state)).toMatchObject([{ key: 'anna@example.org', reason: 'by-hand' }]);
  });

  test('a reader\'s whole link (or the bare token) unsubscribes the reader it was made for', async () => {
    const dir = tempProject();
    const state = join(dir, 'state');
    const keyring = keyringFromSecrets(SECRET);
    const token = createUnsubscribeToken(keyring, { email: 'jide@example.com', listId: 'newsletter.example.org', lang: 'en' });
    const result = await runCli(['unsubscribe', unsubscribeUrl('https://newsletter.example.org', token), '--state', state], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('jide@example.com is unsubscribed and will get no more mail.\n');
    const bare = createUnsubscribeToken(keyring, { email: 'lea@example.com', listId: 'newsletter.example.org', lang: 'de' });
    expect((await runCli(['unsubscribe', bare, '--state', state], { cwd: dir, env })).code).toBe(0);
    expect(entries(state).map((e) => [e.key, e.reason, e.listId])).toEqual([
      ['jide@example.com', 'by-hand', 'newsletter.example.org'],
      ['lea@example.com', 'by-hand', 'newsletter.example.org'],
    ]);
  });

  const refused: [string, (token: string) => string, Record<string, string>, string][] = [
    [
      'a forged link',
      (token) => `https://newsletter.example.org/u/${token.slice(0, 30)}${token[30] === 'A' ? 'B' : 'A'}${token.slice(31)}`,
      env,
      'error: this unsubscribe link is not valid: it is altered or cut short, or was not made with this NEWSLETTER_SECRET (nor one in NEWSLETTER_SECRET_PREVIOUS)\n' +
        "  hint: copy the whole link from the mail, or give the reader's email address instead\n",
    ],
    [
      'a link made with another key',
      () => `https://x.example/u/${createUnsubscribeToken(keyringFromSecrets('some-other-secret-0123456789'), { email: 'a@example.org', listId: 'l.example', lang: 'de' })}`,
      env,
      'error: this unsubscribe link is not valid: it is altered or cut short, or was not made with this NEWSLETTER_SECRET (nor one in NEWSLETTER_SECRET_PREVIOUS)\n' +
        "  hint: copy the whole link from the mail, or give the reader's email address instead\n",
    ],
    [
      'a link without any secret set',
      (token) => `https://newsletter.example.org/u/${token}`,
      { NEWSLETTER_SECRET: '' },
      'error: NEWSLETTER_SECRET is not set: it is the key that makes and checks the unsubscribe links\n' +
        '  hint: make one with `openssl rand -base64 32` and set it as NEWSLETTER_SECRET in the environment of both the sender and `newsletter serve`\n',
    ],
    [
      'an address that is none',
      () => 'anna@',
      env,
      'error: "anna@": not an email address (expected name@domain)\n' +
        "  hint: give the address as name@domain, or paste the reader's whole unsubscribe link\n",
    ],
    [
      'something else',
      () => 'hello',
      env,
      'error: "hello" is neither an email address nor an unsubscribe link\n  hint: give the address (anna@example.org) or the whole link from the mail (https://…/u/…)\n',
    ],
  ];
  test.each(refused)('%s: exit 1 with a clear message, nothing recorded', async (_name, input, runEnv, stderr) => {
    const dir = tempProject();
    const state = join(dir, 'state');
    const token = createUnsubscribeToken(keyringFromSecrets(SECRET), { email: 'anna@example.org', listId: 'newsletter.example.org', lang: 'de' });
    const result = await runCli(['unsubscribe', input(token), '--state', state], { cwd: dir, env: runEnv });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(stderr);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(entries(state)).toEqual([]);
  });

  test("in a project, another list's link is refused (issue 11, item 5)", async () => {
    const dir = tempProject(['newsletter.config.yaml', 'issues/images/logo.png']);
    const state = join(dir, 'state');
    const token = createUnsubscribeToken(keyringFromSecrets(SECRET), { email: 'anna@example.org', listId: 'other.example.org', lang: 'de' });
    const result = await runCli(['unsubscribe', `https://other.example.org/u/${token}`, '--state', state], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: this unsubscribe link belongs to the list "other.example.org", not to this project\'s "newsletter.example.org": nothing changed\n');
    expect(entries(state)).toEqual([]);
  });
});

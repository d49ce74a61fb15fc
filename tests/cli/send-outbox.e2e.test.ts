import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dkimVerify } from 'mailauth';
import { hasStackTrace } from '../helpers/cli.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

const OUTBOX = ['--outbox', 'out'];

test('resuming after the list changed is refused, saying what changed, until --force', async () => {
  const dir = exampleProject();
  const first = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', ...OUTBOX]);
  expect(first.code).toBe(0);
  appendFileSync(join(dir, 'readers.csv'), 'eva@example.org,Eva,Eva Early,de\n');

  const refused = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', ...OUTBOX]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('error: the subscriber list changed since "2020-12-nr34" was last sent to this destination');
  expect(refused.stderr).toContain('--force');
  expect(hasStackTrace(refused.stderr)).toBe(false);

  const forced = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', ...OUTBOX, '--force', '--json']);
  expect(forced.code).toBe(0);
  expect(JSON.parse(forced.stdout)).toMatchObject({ recipients: 1, sent: 1, skipped: { already_sent: 4 } });
  expect(readdirSync(join(dir, 'out'))).toHaveLength(5);
});

describe('DKIM from the config', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const resolver = async (name: string) => {
    if (name === 'nl2020._domainkey.example.org') return [[`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`]];
    throw Object.assign(new Error('no such record'), { code: 'ENOTFOUND' });
  };

  function withDkim(keyFile?: string): string {
    const dir = exampleProject();
    appendFileSync(join(dir, 'newsletter.config.yaml'), `\ndkim:\n  domain: example.org\n  selector: nl2020\n${keyFile ? `  key_file: ${keyFile}\n` : ''}`);
    return dir;
  }

  test('signs every message with the key from NEWSLETTER_DKIM_KEY, and a verifier accepts it', async () => {
    const dir = withDkim();
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', ...OUTBOX], { NEWSLETTER_DKIM_KEY: pem });
    expect(result.code).toBe(0);
    const files = readdirSync(join(dir, 'out'));
    expect(files).toHaveLength(4);
    for (const file of files) {
      const { results } = await dkimVerify(readFileSync(join(dir, 'out', file)), { resolver } as Parameters<typeof dkimVerify>[1]);
      expect([file, results[0].status.result]).toEqual([file, 'pass']);
    }
  });

  test('reads the key from dkim.key_file beside the config', async () => {
    const dir = withDkim('dkim.pem');
    writeFileSync(join(dir, 'dkim.pem'), pem);
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', ...OUTBOX, '--lang', 'en']);
    expect(result.code).toBe(0);
    const files = readdirSync(join(dir, 'out'));
    expect(files).toHaveLength(2);
    const { results } = await dkimVerify(readFileSync(join(dir, 'out', files[0])), { resolver } as Parameters<typeof dkimVerify>[1]);
    expect(results[0].status.result).toBe('pass');
  });

  test.each([
    [undefined, 'error: the config asks for DKIM signing, but there is no key'],
    ['not a key', 'error: the DKIM key cannot be used:'],
  ])('a missing or broken key (%j) stops before anything is written', async (key, message) => {
    const dir = withDkim();
    const result = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', ...OUTBOX], { NEWSLETTER_DKIM_KEY: key });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(() => readdirSync(join(dir, 'out'))).toThrow();
  });
});

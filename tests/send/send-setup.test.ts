/** The send stage's set-up, as a script calls it: where the mail goes, and the DKIM key. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDkimSigner } from '../../src/send/dkim-key.js';
import { SendSetupError } from '../../src/send/setup-error.js';
import { chooseTarget } from '../../src/send/target.js';
import { testConfig } from '../helpers/issue-project.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'newsletter-send-setup-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chooseTarget', () => {
  const withServer = () => testConfig(dir, { smtp: { url: 'smtp://config.example.org:587' } });

  test.each([
    ['--outbox wins over every server', { outbox: 'out', smtp: 'smtp://flag.example.org:25', env: { NEWSLETTER_SMTP_URL: 'smtp://env.example.org:25' } }, `outbox:${join(process.cwd(), 'out')}`],
    ['--smtp wins over the environment and the config', { smtp: 'smtp://flag.example.org:25', env: { NEWSLETTER_SMTP_URL: 'smtp://env.example.org:25' } }, 'smtp://flag.example.org:25'],
    ['NEWSLETTER_SMTP_URL wins over the config', { env: { NEWSLETTER_SMTP_URL: 'smtp://env.example.org:25' } }, 'smtp://env.example.org:25'],
    ['the config without flags or environment', { env: {} }, 'smtp://config.example.org:587'],
  ])('%s', (_name, choice, destination) => {
    const target = chooseTarget(withServer(), 'nr34', choice);
    expect(target.transport.destination).toBe(destination);
  });

  test('no server anywhere: the outbox beside the config, marked as the default', () => {
    const target = chooseTarget(testConfig(dir), 'nr34', { env: {} });
    expect(target).toMatchObject({ kind: 'outbox', dir: join(dir, 'outbox', 'nr34'), isDefault: true });
  });

  test('a login on a URL without TLS with insecure_plaintext_login set is flagged, for the caller to warn', () => {
    const config = testConfig(dir, { smtp: { url: 'smtp://user:pw@relay.example.org:587', insecure_plaintext_login: true } });
    expect(chooseTarget(config, 'nr34', { env: {} })).toMatchObject({ kind: 'smtp', plaintextLoginAllowed: true });
    expect(chooseTarget(testConfig(dir, { smtp: { url: 'smtp://relay.example.org:587', insecure_plaintext_login: true } }), 'nr34', { env: {} })).not.toHaveProperty('plaintextLoginAllowed');
  });

  test('an unreadable smtp.tls.ca_file is a SendSetupError naming the resolved path', () => {
    const config = testConfig(dir, { smtp: { url: 'smtps://relay.example.org:465', tls: { ca_file: 'missing-ca.pem' } } });
    expect(() => chooseTarget(config, 'nr34', { env: {} })).toThrow(expect.objectContaining({ name: 'SendSetupError', problem: 'ca-file-unreadable', path: join(dir, 'missing-ca.pem') }));
  });
});

describe('loadDkimSigner', () => {
  const dkim = { domain: 'example.org', selector: 'sel' };

  test('no dkim: block, no signer', () => {
    expect(loadDkimSigner(testConfig(dir), {})).toBeUndefined();
  });

  test('the key from the environment (\\n for line ends) signs', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sign = loadDkimSigner(testConfig(dir, { dkim }), { NEWSLETTER_DKIM_KEY: pem.replace(/\n/g, '\\n') });
    expect(sign!(Buffer.from('From: a@example.org\r\n\r\nhi\r\n')).toString('latin1')).toMatch(/^DKIM-Signature: .*d=example.org/);
  });

  test.each([
    ['no key anywhere', { ...dkim }, {}, 'dkim-key-missing'],
    ['a key file that is not there', { ...dkim, key_file: 'nope.pem' }, {}, 'dkim-key-unreadable'],
    ['a key that is no RSA key', { ...dkim, key_file: 'ec.pem' }, {}, 'dkim-key-unusable'],
  ])('%s: a SendSetupError', (_name, settings, env, problem) => {
    writeFileSync(join(dir, 'ec.pem'), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    let thrown: unknown;
    try {
      loadDkimSigner(testConfig(dir, { dkim: settings }), env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SendSetupError);
    expect((thrown as SendSetupError).problem).toBe(problem);
  });
});

import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace } from '../helpers/cli.js';
import { exampleProject, ISSUE, newsletter } from '../helpers/send-fixtures.js';
import { sinksClosedAfterEach } from '../helpers/smtp-sink.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/tls-certificates.js';

/** SMTP TLS and login advice through the real CLI (issue 11 item 2; issue 12 item 15). Remote servers stand on 127.0.0.2: see transport-tls.int.test.ts. */
const login = { user: 'editor', pass: 'pass-w0rd-never-shown' };
let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
const sink = sinksClosedAfterEach();
const testSend = (dir: string, url: string, extra: string[] = []) => newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', url, '--test', 'me@example.org', ...extra]);

describe('send and the SMTP server\'s TLS', () => {
  test('the attack: a login to a server without STARTTLS is refused before the password goes out, and says why', async () => {
    const server = await sink({ auth: login, host: '127.0.0.2' });
    const result = await testSend(exampleProject(), server.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: the SMTP server smtp://editor:***@127.0.0.2:${server.port} does not start TLS`);
    expect(result.stderr).toContain('the password would cross the network unencrypted, so nothing was sent');
    expect(result.stderr).toContain('smtp.insecure_plaintext_login: true');
    expect(result.stdout + result.stderr).not.toContain(login.pass);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(server.logins).toEqual([]);
    expect(server.messages).toEqual([]);
  });

  test('smtp.insecure_plaintext_login: true lets it through, with a loud warning', async () => {
    const server = await sink({ auth: login, host: '127.0.0.2' });
    const dir = exampleProject();
    appendFileSync(join(dir, 'newsletter.config.yaml'), '\nsmtp:\n  insecure_plaintext_login: true\n');
    const result = await testSend(dir, server.url);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: smtp.insecure_plaintext_login is set: if the server offers no STARTTLS, the SMTP password goes over the network unencrypted');
    expect(server.logins.length).toBeGreaterThan(0);
    expect(server.logins.every((l) => l.user === 'editor' && !l.secure)).toBe(true);
  });

  test('an expired certificate is reported as a certificate problem, not as host and port', async () => {
    const server = await sink({ auth: login, host: '127.0.0.2', starttls: true, tls: certs.expired });
    const dir = exampleProject();
    writeFileSync(join(dir, 'relay-ca.pem'), certs.ca);
    appendFileSync(join(dir, 'newsletter.config.yaml'), '\nsmtp:\n  tls:\n    ca_file: relay-ca.pem\n');
    const result = await testSend(dir, server.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: the certificate of the SMTP server smtp://editor:***@127.0.0.2:${server.port} was not accepted: certificate has expired\n`);
    expect(result.stderr).toContain('smtp.tls.ca_file');
    expect(result.stderr).not.toContain('check the host and port');
    expect(server.logins).toEqual([]);
  });

  test('smtp.tls.ca_file and min_version: the relay\'s own authority is trusted, the mail goes out over STARTTLS', async () => {
    const server = await sink({ auth: login, host: '127.0.0.2', starttls: true, tls: certs.server });
    const dir = exampleProject();
    writeFileSync(join(dir, 'relay-ca.pem'), certs.ca);
    appendFileSync(join(dir, 'newsletter.config.yaml'), '\nsmtp:\n  tls:\n    ca_file: relay-ca.pem\n    min_version: TLSv1.2\n');
    const result = await testSend(dir, server.url);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(server.logins.length).toBeGreaterThan(0);
    expect(server.logins.every((l) => l.user === 'editor' && l.secure)).toBe(true);
    expect(server.copiesTo('me@example.org')).toBeGreaterThan(0);
    // without the authority, the same server's certificate is refused
    const without = await testSend(exampleProject(), server.url);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/error: the certificate of the SMTP server .* was not accepted/);
  });
});

describe('the server wants a login (issue 12, item 15)', () => {
  test('none in the URL: the advice is to add one, not to check the user and password', async () => {
    const server = await sink({ auth: login });
    const url = `smtp://127.0.0.1:${server.port}`;
    const dir = exampleProject();
    const test = await testSend(dir, url);
    expect(test.code).toBe(1);
    expect(test.stdout).toContain('the server wants a login and the SMTP URL has none: put the user and password into NEWSLETTER_SMTP_URL as smtp://user:password@host:587');
    expect(test.stdout + test.stderr).not.toContain('check the user and password');
    const send = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', url, '--yes']);
    expect(send.code).toBe(1);
    expect(send.stdout).toContain('Stopped: the server refused the login or asked for one. The server wants a login and the SMTP URL has none');
    expect(send.stdout + send.stderr).not.toContain('check the user and password');
  });

  test('a wrong password in the URL: check the user and password', async () => {
    const server = await sink({ auth: login });
    const result = await testSend(exampleProject(), server.url.replace(login.pass, 'wrong'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('hint: check the user and password in NEWSLETTER_SMTP_URL');
  });
});

describe('--smtp without a scheme (issue 12, item 15)', () => {
  test('host:port is understood (465 as smtps://, anything else as smtp://)', async () => {
    const server = await sink({});
    const result = await testSend(exampleProject(), `127.0.0.1:${server.port}`);
    expect(result.code).toBe(0);
    expect(server.copiesTo('me@example.org')).toBeGreaterThan(0);
  });

  test('with a login but no scheme: refused with the right form, the password not shown', async () => {
    const result = await testSend(exampleProject(), `editor:${login.pass}@mail.example.org:587`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: the SMTP server "***" has no scheme\n  hint: write it as smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS from the start)\n');
    expect(result.stdout + result.stderr).not.toContain(login.pass);
  });
});

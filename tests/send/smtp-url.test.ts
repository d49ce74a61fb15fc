import { UserError } from '../../src/errors.js';
import { isLoopbackHost, parseSmtpUrl, redact } from '../../src/send/smtp-url.js';

describe('redact', () => {
  test.each([
    ['smtp://user:secret@host:587', 'smtp://user:***@host:587'],
    ['smtp://user:pa/ss9word@127.0.0.1:1', 'smtp://user:***@127.0.0.1:1'],
    ['smtp://user:p@ssW0rdX@127.0.0.1:1', 'smtp://user:***@127.0.0.1:1'],
    ['smtps://news@example.org:a:b@c@mail.example.org:465', 'smtps://news@example.org:***@mail.example.org:465'],
    ['smtp://host:25', 'smtp://host:25'],
    ['smtp://user@host:25', 'smtp://user@host:25'],
    ['user:secret@host', '***'],
  ])('%s → %s', (url, shown) => {
    expect(redact(url)).toBe(shown);
  });
});

describe('parseSmtpUrl refusals never show the password', () => {
  test.each([
    ['user:s3cr3t@host', 'the SMTP server "***" has no scheme'],
    ['user:s3cr3t@host:587', 'the SMTP server "***" has no scheme'],
    ['http://user:s3cr3t@host', 'the SMTP server URL starts with "http://", expected smtp:// or smtps://'],
    ['smtp://user:s3cr3t@', 'the SMTP server "smtp://user:***@" is not a URL'],
    ['smtp://user:s3cr3t%PW@host', 'the user name or password in the SMTP server URL has a "%" that starts no valid escape'],
  ])('%s', (url, message) => {
    let caught: unknown;
    try {
      parseSmtpUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).toBe(message);
    expect((caught as UserError).message).not.toContain('s3cr3t');
  });
});

describe('a server named without a scheme (issue 12, item 15)', () => {
  test.each([
    ['mail.example.org:587', 'smtp://mail.example.org:587', false],
    ['mail.example.org:465', 'smtps://mail.example.org:465', true],
    ['mail.example.org', 'smtp://mail.example.org:587', false],
    ['127.0.0.1:2525', 'smtp://127.0.0.1:2525', false],
    ['[::1]:25', 'smtp://[::1]:25', false],
  ])('%s → %s', (written, destination, secure) => {
    expect(parseSmtpUrl(written)).toMatchObject({ destination, secure });
  });
});

describe('loopback is decided by the name as written (issue 11, item 2)', () => {
  test.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['::1', true],
    ['[::1]', true],
    ['127.0.0.2', false],
    ['127.0.1.1', false],
    ['localhost.example.org', false],
    ['mail.example.org', false],
    ['0.0.0.0', false],
  ])('%s: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  test('parseSmtpUrl carries the decision', () => {
    expect(parseSmtpUrl('smtp://u:p@localhost:25').loopback).toBe(true);
    expect(parseSmtpUrl('smtp://u:p@[::1]:25').loopback).toBe(true);
    expect(parseSmtpUrl('smtp://u:p@relay.example.org:587').loopback).toBe(false);
  });
});

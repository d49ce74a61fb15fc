import { UserError } from '../../src/errors.js';
import { parseSmtpUrl, redact } from '../../src/send/smtp-url.js';

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
    ['user:s3cr3t@host', 'the SMTP server URL starts with "user://", expected smtp:// or smtps://'],
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

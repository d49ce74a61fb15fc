import { simpleParser, type AddressObject } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createMessageComposer, newMessageId, senderOf } from '../../src/send/message.js';
import { openUnsubscribeToken } from '../../src/unsubscribe/token.js';
import { config, englishIssue, germanIssue, keyring, recipient } from '../helpers/message-fixtures.js';

const fixedNow = () => new Date(Date.UTC(2020, 11, 3, 9, 5, 7));
const compose = createMessageComposer([germanIssue, englishIssue], config, { keyring, now: fixedNow });

/** Header lines of a raw message, continuation lines joined. */
function headerLines(raw: Buffer): string[] {
  const head = raw.toString('utf8').split('\r\n\r\n')[0];
  return head.split(/\r\n(?![ \t])/);
}

const named = (lines: string[], name: string) => lines.filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));

describe('createMessageComposer', () => {
  const anna = recipient('Anna.Beispiel@example.org', 'de', { firstName: 'Änne <b>&', lastName: 'Beispiel' });
  const message = compose(anna, '<abc.123@example.org>');

  test('gives key, envelope and Message-ID as the journal needs them', () => {
    expect(message.key).toBe('anna.beispiel@example.org');
    expect(message.envelope).toEqual({ from: 'newsletter@example.org', to: 'Anna.Beispiel@example.org' });
    expect(message.messageId).toBe('<abc.123@example.org>');
  });

  test('carries every header a bulk sender needs, each exactly once', async () => {
    const lines = headerLines(message.raw);
    for (const name of ['From', 'Reply-To', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Language', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'List-Id', 'Feedback-ID', 'Content-Type']) {
      expect([name, named(lines, name).length]).toEqual([name, 1]);
    }
    expect(named(lines, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
    expect(named(lines, 'Date')).toEqual(['Date: Thu, 3 Dec 2020 09:05:07 +0000']);
    expect(named(lines, 'Content-Language')).toEqual(['Content-Language: de']);
    expect(named(lines, 'Feedback-ID')).toEqual(['Feedback-ID: nr34:newsletter:example']);

    const mail = await simpleParser(message.raw);
    expect((mail.from as AddressObject).value).toEqual([{ address: 'newsletter@example.org', name: 'Städte Netzwerk' }]);
    expect((mail.replyTo as AddressObject).value).toEqual([{ address: 'redaktion@example.org', name: 'Redaktion' }]);
    expect((mail.to as AddressObject).value).toEqual([{ address: 'Anna.Beispiel@example.org', name: 'Änne <b>& Beispiel' }]);
    expect(mail.subject).toBe('Ausgabe 34 für Änne <b>&');
    expect(mail.messageId).toBe('<abc.123@example.org>');
    expect(mail.headers.get('list')).toMatchObject({ id: { id: 'newsletter.example.org' } });
    // mailparser leaves an encoded List-Id name as it is: check the raw words
    expect(named(lines, 'List-Id')).toEqual([`List-Id: =?UTF-8?B?${Buffer.from('Städte-Netzwerk').toString('base64')}?= <newsletter.example.org>`]);
  });

  test('has its own unsubscribe link in the header, the text and the HTML, naming this reader', async () => {
    const mail = await simpleParser(message.raw);
    const header = named(headerLines(message.raw), 'List-Unsubscribe')[0];
    const link = /<(https:\/\/news\.example\.org\/u\/[A-Za-z0-9_-]+)>/.exec(header)![1];
    expect(mail.text).toContain(`Abmelden: ${link}`);
    expect(mail.html).toContain(`<a href="${link}">Abmelden</a>`);
    const token = link.split('/u/')[1];
    expect(openUnsubscribeToken(keyring, token)).toEqual({ email: 'Anna.Beispiel@example.org', listId: 'newsletter.example.org', lang: 'de', issueId: '2020-12-nr34' });
  });

  test('puts the text part first and the HTML second, both UTF-8, and escapes personal values in HTML only', async () => {
    const mail = await simpleParser(message.raw);
    const raw = message.raw.toString('latin1');
    expect(raw.indexOf('Content-Type: text/plain; charset=utf-8')).toBeGreaterThan(0);
    expect(raw.indexOf('Content-Type: text/plain; charset=utf-8')).toBeLessThan(raw.indexOf('Content-Type: text/html; charset=utf-8'));
    expect(named(headerLines(message.raw), 'Content-Type')[0]).toMatch(/^Content-Type: multipart\/alternative; boundary="=_nl_[0-9a-f]{32}"$/);
    expect(mail.text).toBe(`Liebe Änne <b>&,\n\nGrüße aus Trier = schön.   \nAbmelden: ${/Abmelden: (\S+)/.exec(mail.text!)![1]}\n`);
    expect(mail.html).toContain('<p>Liebe Änne &lt;b&gt;&amp;,</p>');
    expect(mail.html).toContain('Rückblick auf ein Jahr voller Begegnungen. '.repeat(40));
  });

  test('keeps every line within the limits: 76 in the quoted-printable parts, 78 where headers can fold', () => {
    const [head, ...rest] = message.raw.toString('latin1').split('\r\n\r\n');
    for (const line of rest.join('\r\n\r\n').split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(message.raw.toString('latin1')).not.toMatch(/[^\r]\n|\r[^\n]/);
  });

  test('falls back to the default value when the reader has none, in the reader language', async () => {
    const mail = await simpleParser(compose(recipient('ben@example.org', 'en'), newMessageId('example.org')).raw);
    expect(mail.subject).toBe('Issue 34 for reader');
    expect(mail.text).toMatch(/^Dear reader,\n/);
    expect((mail.to as AddressObject).value).toEqual([{ address: 'ben@example.org', name: '' }]);
    expect(mail.headers.get('content-language')).toBe('en');
    expect(named(headerLines(compose(recipient('ben@example.org', 'en'), '<x@example.org>').raw), 'List-Id')).toEqual(['List-Id: "City Network" <newsletter.example.org>']);
  });

  const injections = [
    { name: 'a CR/LF in the name', extra: { name: 'Eve\r\nBcc: victim@example.net' } },
    { name: 'a bare LF in the first name used in the subject', extra: { firstName: 'Eve\nBcc: victim@example.net' } },
    { name: 'a CR in a column value', extra: { fields: { firstname: 'Eve\rBcc: victim@example.net' } } },
  ];
  test.each(injections)('a CSV value with $name cannot add a header', async ({ extra }) => {
    const raw = compose(recipient('eve@example.org', 'de', extra), '<e@example.org>').raw;
    expect(named(headerLines(raw), 'Bcc')).toEqual([]);
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.headers.has('bcc')).toBe(false);
  });

  test('marks the subject of a test send', async () => {
    const testCompose = createMessageComposer([germanIssue], config, { keyring, testMode: true });
    const mail = await simpleParser(testCompose(recipient('editor@example.org', 'de'), '<t@example.org>').raw);
    expect(mail.subject).toBe('[TEST] Ausgabe 34 für Leserin, Leser');
  });

  test('refuses a language it has no rendering for', () => {
    expect(() => compose(recipient('x@example.org', 'fr'), '<x@example.org>')).toThrow('no rendered issue for language "fr"');
  });

  test('reads the same as what nodemailer builds from the same content', async () => {
    const ours = await simpleParser(message.raw);
    const theirs = await simpleParser(
      await new MailComposer({
        from: config.from,
        replyTo: config.reply_to,
        to: { name: 'Änne <b>& Beispiel', address: 'Anna.Beispiel@example.org' },
        subject: ours.subject,
        text: ours.text,
        html: ours.html as string,
        messageId: '<abc.123@example.org>',
      })
        .compile()
        .build(),
    );
    expect(ours.subject).toBe(theirs.subject);
    expect(ours.text).toBe(theirs.text);
    expect(ours.html).toBe(theirs.html);
    expect((ours.from as AddressObject).value).toEqual((theirs.from as AddressObject).value);
    expect((ours.to as AddressObject).value).toEqual((theirs.to as AddressObject).value);
    expect((ours.replyTo as AddressObject).value).toEqual((theirs.replyTo as AddressObject).value);
  });
});

describe('newMessageId and senderOf', () => {
  test('Message-IDs are unique and at the sender domain', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newMessageId('example.org')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^<[a-z0-9]+\.[0-9a-f-]{36}@example\.org>$/);
  });

  test.each([
    ['City <news@Example.org>', { address: 'news@Example.org', name: 'City', domain: 'example.org' }],
    ['news@example.org', { address: 'news@example.org', name: '', domain: 'example.org' }],
    ['"Städte, Netz" <a@b.example>', { address: 'a@b.example', name: 'Städte, Netz', domain: 'b.example' }],
  ])('senderOf(%j)', (from, expected) => {
    expect(senderOf({ from })).toEqual(expected);
  });

  test('a sender without an address is refused', () => {
    expect(() => senderOf({ from: 'Just A Name' })).toThrow('the sender "Just A Name" has no address');
  });
});

import { simpleParser } from 'mailparser';
import { parseSmtpUrl, redact } from '../../src/send/smtp-url.js';
import { createSmtpTransport } from '../../src/send/transport-smtp.js';
import { classifyFailure } from '../../src/send/classify.js';
import type { OutgoingMessage, TransportFailure } from '../../src/send/types.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const message = (to: string, id = '<t1@news.example.org>'): OutgoingMessage => ({
  key: to,
  envelope: { from: 'bounces@example.org', to },
  messageId: id,
  raw: Buffer.from(`From: news@example.org\r\nTo: ${to}\r\nSubject: Hallo\r\nMessage-ID: ${id}\r\n\r\nGrüße\r\n`),
});

describe('parseSmtpUrl', () => {
  it.each([
    ['smtp://mail.example.org', { secure: false, host: 'mail.example.org', port: 587, destination: 'smtp://mail.example.org:587', loopback: false }],
    ['smtps://mail.example.org', { secure: true, host: 'mail.example.org', port: 465, destination: 'smtps://mail.example.org:465', loopback: false }],
    ['smtp://127.0.0.1:2525', { secure: false, host: '127.0.0.1', port: 2525, destination: 'smtp://127.0.0.1:2525', loopback: true }],
    [
      'smtp://news%40example.org:s3cr%2Ft@mail.example.org:587',
      {
        secure: false,
        host: 'mail.example.org',
        port: 587,
        auth: { user: 'news@example.org', pass: 's3cr/t' },
        destination: 'smtp://mail.example.org:587',
        loopback: false,
      },
    ],
    // without a scheme: understood (issue 12, item 15)
    ['mail.example.org:465', { secure: true, host: 'mail.example.org', port: 465, destination: 'smtps://mail.example.org:465', loopback: false }],
  ])('%s', (url, expected) => {
    expect(parseSmtpUrl(url)).toEqual(expected);
  });

  it.each([
    ['mail example.org', 'the SMTP server "mail example.org" has no scheme'],
    ['http://mail.example.org', 'the SMTP server URL starts with "http://", expected smtp:// or smtps://'],
    ['smtp://user:secret@', 'the SMTP server "smtp://user:***@" is not a URL'],
  ])('refuses %s', (url, message) => {
    expect(() => parseSmtpUrl(url)).toThrow(message);
  });

  it('never shows the password', () => {
    expect(redact('smtp://user:secret@host:587')).toBe('smtp://user:***@host:587');
    expect(parseSmtpUrl('smtp://user:secret@host:587').destination).not.toContain('secret');
  });
});

describe('the SMTP transport', () => {
  let sink: SmtpSink;
  afterEach(async () => sink?.close());

  it('verifies, then hands over the raw bytes as they are with the given envelope', async () => {
    sink = await startSmtpSink();
    const transport = createSmtpTransport({ url: sink.url });
    await transport.verify();
    const reply = await transport.send(message('Reader@Example.org'));
    await transport.close();
    expect(reply.response).toMatch(/^250 2\.0\.0 Ok: queued as 1/);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]).toMatchObject({ from: 'bounces@example.org', to: ['Reader@Example.org'], messageId: '<t1@news.example.org>' });
    expect(sink.messages[0].raw.equals(message('Reader@Example.org').raw)).toBe(true);
    expect((await simpleParser(sink.messages[0].raw)).text?.trim()).toBe('Grüße');
  });

  it('logs in with the user and password of the URL, and reports a wrong password as EAUTH', async () => {
    sink = await startSmtpSink({ auth: { user: 'editor', pass: 'p@ss word' } });
    const good = createSmtpTransport({ url: sink.url });
    await good.verify();
    await good.send(message('a@example.org'));
    await good.close();
    expect(sink.messages).toHaveLength(1);

    const bad = createSmtpTransport({ url: sink.url.replace('p%40ss%20word', 'nope') });
    await expect(bad.send(message('b@example.org'))).rejects.toMatchObject({ failure: { code: 'EAUTH', handedOver: false } });
    await bad.close();
  });

  it('uses STARTTLS when the server offers it', async () => {
    sink = await startSmtpSink({ starttls: true });
    const transport = createSmtpTransport({ url: sink.url, tls: { rejectUnauthorized: false } });
    await transport.send(message('a@example.org'));
    await transport.close();
    expect(sink.messages).toHaveLength(1);
    // without trusting the test certificate the upgrade fails: a TLS failure, not a silent plain-text send
    const strict = createSmtpTransport({ url: sink.url });
    const failure = await strict.verify().then(
      () => undefined,
      (error: { failure: TransportFailure }) => error.failure,
    );
    await strict.close();
    expect(failure).toMatchObject({ code: 'ETLS', command: 'CONN', handedOver: false });
    expect(classifyFailure(failure!)).toMatchObject({ action: 'stop', stop: 'tls' });
  });

  it('speaks TLS from the start for smtps://', async () => {
    sink = await startSmtpSink({ secure: true });
    const transport = createSmtpTransport({ url: sink.url, tls: { rejectUnauthorized: false } });
    expect(transport.destination).toBe(`smtps://127.0.0.1:${sink.port}`);
    await transport.send(message('a@example.org'));
    await transport.close();
    expect(sink.messages).toHaveLength(1);
  });

  it('tells a drop before the body went out from a drop after the final dot', async () => {
    sink = await startSmtpSink();
    sink.script({ to: 'before@example.org', at: 'DATA', drop: true });
    sink.script({ to: 'after@example.org', at: 'MESSAGE', drop: true });
    const transport = createSmtpTransport({ url: sink.url });
    await expect(transport.send(message('before@example.org'))).rejects.toMatchObject({ failure: { code: 'ECONNECTION', handedOver: false } });
    await expect(transport.send(message('after@example.org'))).rejects.toMatchObject({ failure: { code: 'ECONNECTION', handedOver: true } });
    // a reply to the final dot is an answer, not an unknown outcome
    sink.script({ to: 'deferred@example.org', at: 'MESSAGE', reply: '451 4.3.0 try later' });
    await expect(transport.send(message('deferred@example.org'))).rejects.toMatchObject({
      failure: { responseCode: 451, response: '451 4.3.0 try later', command: 'DATA', handedOver: false },
    });
    await transport.close();
  });

  it('keeps the session after a refused recipient and sends the next message on it', async () => {
    sink = await startSmtpSink();
    sink.script({ to: 'gone@example.org', at: 'RCPT TO', reply: '550 5.1.1 no such user' });
    const transport = createSmtpTransport({ url: sink.url, concurrency: 1 });
    await expect(transport.send(message('gone@example.org'))).rejects.toMatchObject({ failure: { responseCode: 550, command: 'RCPT TO' } });
    await transport.send(message('here@example.org'));
    await transport.close();
    expect(sink.connections).toBe(1);
    expect(sink.messages.map((m) => m.to[0])).toEqual(['here@example.org']);
  });

  it('opens no more connections than its concurrency', async () => {
    sink = await startSmtpSink({ replyDelayMs: 20 });
    const transport = createSmtpTransport({ url: sink.url, concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => transport.send(message(`r${i}@example.org`, `<m${i}@x>`))));
    await transport.close();
    expect(sink.messages).toHaveLength(12);
    expect(sink.connections).toBe(3);
  });

  it('(the test sink) keeps only the header block when asked to, for big runs', async () => {
    sink = await startSmtpSink({ keepBodies: false });
    const transport = createSmtpTransport({ url: sink.url });
    await transport.send(message('a@example.org'));
    await transport.close();
    expect(sink.messages[0].raw.toString()).toBe('From: news@example.org\r\nTo: a@example.org\r\nSubject: Hallo\r\nMessage-ID: <t1@news.example.org>\r\n\r\n');
    expect(sink.messages[0].messageId).toBe('<t1@news.example.org>');
  });

  it('reports an unreachable server as a connection failure before any hand-over', async () => {
    sink = await startSmtpSink();
    const port = sink.port;
    await sink.close();
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, timeouts: { connectionMs: 2000 } });
    const failure = await transport.verify().then(
      () => undefined,
      (error: { failure: TransportFailure }) => error.failure,
    );
    await transport.close();
    expect(failure).toMatchObject({ code: 'ESOCKET', command: 'CONN', handedOver: false });
    expect(classifyFailure(failure!).action).toBe('retry');
  });
});

import { createSmtpTransport } from '../../src/send/transport-smtp.js';
import { failureOf, tlsFailureKind } from '../../src/send/transport-error.js';
import type { OutgoingMessage } from '../../src/send/types.js';
import { sinksClosedAfterEach } from '../helpers/smtp-sink.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/tls-certificates.js';

/**
 * The SMTP password and TLS (issue 11, item 2). The sinks that stand for a remote server
 * listen on 127.0.0.2: a real address of this machine that is not loopback *by name*, and
 * the rule decides on the name (only localhost, 127.0.0.1 and ::1 are exempt), so these
 * tests run the real rule without reaching the network.
 */
const login = { user: 'editor', pass: 's3cret pass' };
let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
const sink = sinksClosedAfterEach();
const failureOfVerify = async (transport: ReturnType<typeof createSmtpTransport>) => {
  try {
    await transport.verify();
    return undefined;
  } catch (error) {
    return failureOf(error);
  } finally {
    await transport.close();
  }
};
const message = (): OutgoingMessage => ({
  key: 'anna@example.org',
  envelope: { from: 'news@example.org', to: 'anna@example.org' },
  raw: Buffer.from('From: news@example.org\r\nTo: anna@example.org\r\nSubject: hi\r\n\r\nhello\r\n'),
} as OutgoingMessage);

describe('a login never crosses the network in clear', () => {
  test('the attack: a server without STARTTLS at a remote address gets no password; the refusal says why', async () => {
    const server = await sink({ auth: login, host: '127.0.0.2' });
    const failure = await failureOfVerify(createSmtpTransport({ url: server.url }));
    expect(failure).toMatchObject({ code: 'ETLS', command: 'STARTTLS' });
    expect(tlsFailureKind(failure!)).toBe('no-starttls');
    expect(server.logins).toEqual([]);
  });

  test('with STARTTLS and the relay\'s own authority (smtp.tls.ca_file) the login goes over TLS and mail is sent', async () => {
    const server = await sink({ auth: login, host: '127.0.0.2', starttls: true, tls: certs.server });
    const transport = createSmtpTransport({ url: server.url, tls: { ca: certs.ca, minVersion: 'TLSv1.2' } });
    await transport.send(message());
    await transport.close();
    expect(server.logins).toEqual([{ user: 'editor', secure: true }]);
    expect(server.copiesTo('anna@example.org')).toBe(1);
  });

  test('smtps:// with the authority works from the first byte', async () => {
    const server = await sink({ auth: login, host: '127.0.0.2', secure: true, tls: certs.server });
    expect(await failureOfVerify(createSmtpTransport({ url: server.url, tls: { ca: certs.ca } }))).toBeUndefined();
    expect(server.logins).toEqual([{ user: 'editor', secure: true }]);
  });

  test('a server on this machine by name (127.0.0.1) may take the login without TLS', async () => {
    const server = await sink({ auth: login });
    expect(server.url).toContain('@127.0.0.1:');
    expect(await failureOfVerify(createSmtpTransport({ url: server.url }))).toBeUndefined();
    expect(server.logins).toEqual([{ user: 'editor', secure: false }]);
  });

  test('the loudly named option lets a remote login go in clear, and only then', async () => {
    const server = await sink({ auth: login, host: '127.0.0.2' });
    expect(await failureOfVerify(createSmtpTransport({ url: server.url, insecurePlaintextLogin: true }))).toBeUndefined();
    expect(server.logins).toEqual([{ user: 'editor', secure: false }]);
  });

  test('without a login in the URL, STARTTLS stays optional as before', async () => {
    const server = await sink({ host: '127.0.0.2' });
    expect(await failureOfVerify(createSmtpTransport({ url: server.url }))).toBeUndefined();
  });
});

describe('certificate errors are reported as certificate errors', () => {
  test.each([
    ['an expired certificate', () => certs.expired, () => ({ ca: certs.ca }), /certificate has expired/],
    ['an authority the client does not know', () => certs.server, () => ({}), /self[- ]signed|unable to (verify|get local issuer)/i],
  ])('%s, over STARTTLS and smtps', async (_name, cert, tls, reason) => {
    for (const secure of [false, true]) {
      const server = await sink({ auth: login, host: '127.0.0.2', starttls: !secure, secure, tls: cert() });
      const failure = await failureOfVerify(createSmtpTransport({ url: server.url, tls: tls() }));
      expect(failure?.message).toMatch(reason);
      expect(tlsFailureKind(failure!)).toBe('certificate');
      expect(server.logins).toEqual([]);
    }
  });
});

/**
 * A throwaway certificate authority and server certificates for TLS tests, made with the
 * `openssl` command (EC keys: fast) in a temp folder that is removed again. Nothing is
 * fetched; `.ci/run` installs openssl where it is missing.
 *
 *   const certs = makeTestCertificates();
 *   startSmtpSink({ starttls: true, tls: certs.server, host: '127.0.0.2' });
 *   createSmtpTransport({ url, tls: { ca: certs.ca } });
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** The authority's certificate (PEM): what `smtp.tls.ca_file` names. */
  ca: string;
  /** Valid for IP 127.0.0.1 and 127.0.0.2, signed by `ca`. */
  server: { key: string; cert: string };
  /** The same names and authority, but its validity ended yesterday. */
  expired: { key: string; cert: string };
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-certs-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=newsletter test authority');
    openssl('req', ...newKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.2');
    writeFileSync(join(dir, 'names.ext'), 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2\n');
    const sign = (out: string, days: string) =>
      openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', out, '-days', days, '-extfile', 'names.ext');
    sign('server.pem', '2');
    sign('expired.pem', '-1');
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    return {
      ca: read('ca.pem'),
      server: { key: read('server.key'), cert: read('server.pem') },
      expired: { key: read('server.key'), cert: read('expired.pem') },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

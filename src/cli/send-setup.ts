import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import { createDkimSigner, type DkimSigner } from '../send/dkim.js';
import type { ConnectionOptions } from 'node:tls';
import { isLoginFailure } from '../send/classify.js';
import { parseSmtpUrl, redact } from '../send/smtp-url.js';
import { failureOf, tlsFailureKind } from '../send/transport-error.js';
import { createOutboxTransport } from '../send/transport-outbox.js';
import { createSmtpTransport } from '../send/transport-smtp.js';
import type { Transport, TransportFailure } from '../send/types.js';
import { warn } from './output.js';

/** Where this run's mail goes: a server, or `.eml` files. */
export type Target =
  | { kind: 'smtp'; url: string; transport: Transport }
  | { kind: 'outbox'; dir: string; isDefault: boolean; transport: Transport };

/** `--outbox DIR`; else `--smtp` / NEWSLETTER_SMTP_URL / config smtp.url; else `outbox/<id>/` beside the config. */
export function chooseTarget(options: Record<string, any>, config: Config, issueId: string): Target {
  if (options.outbox) {
    const dir = resolve(options.outbox as string);
    return { kind: 'outbox', dir, isDefault: false, transport: createOutboxTransport(dir) };
  }
  const url = (options.smtp as string | undefined) ?? process.env.NEWSLETTER_SMTP_URL ?? config.smtp?.url;
  if (url) {
    const transport = createSmtpTransport({
      url,
      concurrency: options.concurrency ?? config.send?.concurrency ?? 4,
      ...(config.smtp?.timeout_s ? { timeouts: { socketMs: config.smtp.timeout_s * 1000 } } : {}),
      ...smtpTlsOptions(config),
    });
    if (config.smtp?.insecure_plaintext_login && parseSmtpUrl(url).auth && !parseSmtpUrl(url).secure) {
      warn('smtp.insecure_plaintext_login is set: if the server offers no STARTTLS, the SMTP password goes over the network unencrypted');
    }
    return { kind: 'smtp', url, transport };
  }
  const dir = join(config.dir, 'outbox', issueId);
  return { kind: 'outbox', dir, isDefault: true, transport: createOutboxTransport(dir) };
}

/** `smtp.tls.ca_file` (read now: a missing file is the editor's to fix) and `smtp.tls.min_version`. */
function smtpTlsOptions(config: Config): { tls?: ConnectionOptions; insecurePlaintextLogin?: boolean } {
  const settings = config.smtp?.tls;
  const tls: ConnectionOptions = {};
  if (settings?.ca_file) {
    const path = resolve(config.dir, settings.ca_file);
    try {
      tls.ca = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UserError(`cannot read smtp.tls.ca_file ${path}: ${(error as Error).message}`, {
        hint: "name the PEM file of your relay's certificate authority, relative to newsletter.config.yaml",
      });
    }
  }
  if (settings?.min_version) tls.minVersion = settings.min_version;
  return {
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    ...(config.smtp?.insecure_plaintext_login ? { insecurePlaintextLogin: true } : {}),
  };
}

export function describeTarget(target: Target): string {
  return target.kind === 'smtp' ? redact(target.url) : `the outbox ${target.dir} (.eml files)`;
}

/** What to do about a login the server refused or asked for: with no user in the URL, add one. */
export function loginAdvice(url: string): string {
  return parseSmtpUrl(url).auth
    ? 'check the user and password in NEWSLETTER_SMTP_URL (smtp://user:password@host:587)'
    : 'the server wants a login and the SMTP URL has none: put the user and password into NEWSLETTER_SMTP_URL as smtp://user:password@host:587 (percent-encode @ : / % in them)';
}

/** The message for a server that could not be reached or used: certificate, TLS and login problems named as such. */
export function serverProblem(url: string, failure: TransportFailure): UserError {
  const server = redact(url);
  const reply = failure.response ?? failure.message;
  switch (tlsFailureKind(failure)) {
    case 'certificate':
      return new UserError(`the certificate of the SMTP server ${server} was not accepted: ${failure.message}`, {
        hint: "if the relay's certificate comes from your organisation's own authority, name its PEM file as smtp.tls.ca_file in newsletter.config.yaml; an expired certificate, or one for another host name than the URL's, is for the server's admin to fix; nothing was sent",
      });
    case 'no-starttls':
      return new UserError(`the SMTP server ${server} does not start TLS (it answered "${reply}"), and the URL has a login: the password would cross the network unencrypted, so nothing was sent`, {
        hint: 'use smtps://…:465 if the server offers TLS there, or have STARTTLS turned on; for a test server whose network you trust, smtp.insecure_plaintext_login: true in the config allows it',
      });
    case 'handshake':
      return new UserError(`TLS with the SMTP server ${server} failed: ${failure.message.trim()}`, {
        hint: 'smtps:// is for port 465 (TLS from the start) and smtp:// for 587 (STARTTLS); check smtp.tls.min_version too; nothing was sent',
      });
  }
  if (isLoginFailure(failure)) return new UserError(`could not log in to the SMTP server ${server}: ${reply}`, { hint: loginAdvice(url) });
  return new UserError(`could not reach the SMTP server ${server}: ${reply}`, {
    hint: 'check the host and port, that the server runs, and that this machine may connect to it; nothing was sent',
  });
}

/** Reach and log in before anything is asked or sent; a failure is the editor's to fix, never a stack trace. */
export async function verifyServer(target: Target): Promise<void> {
  try {
    await target.transport.verify();
  } catch (error) {
    const failure = failureOf(error);
    if (target.kind === 'outbox') throw new UserError(`cannot write into ${target.dir}: ${failure.message}`);
    throw serverProblem(target.url, failure);
  }
}

/** The DKIM signer when config has `dkim:`; the key from NEWSLETTER_DKIM_KEY or `dkim.key_file`. */
export function loadDkim(config: Config): DkimSigner | undefined {
  if (!config.dkim) return undefined;
  let pem = process.env.NEWSLETTER_DKIM_KEY;
  if (!pem && config.dkim.key_file) {
    const path = resolve(config.dir, config.dkim.key_file);
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UserError(`cannot read the DKIM key file ${path}: ${(error as Error).message}`, { hint: 'fix dkim.key_file in the config, or set NEWSLETTER_DKIM_KEY to the PEM key' });
    }
  }
  if (!pem) {
    throw new UserError('the config asks for DKIM signing, but there is no key', {
      hint: 'set NEWSLETTER_DKIM_KEY to the PEM private key, or name a key file as dkim.key_file in the config',
    });
  }
  try {
    return createDkimSigner({ domain: config.dkim.domain, selector: config.dkim.selector, privateKey: pem.replace(/\\n/g, '\n') });
  } catch (error) {
    throw new UserError(`the DKIM key cannot be used: ${(error as Error).message}`, { hint: 'DKIM needs an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----)' });
  }
}

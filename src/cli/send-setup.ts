import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import type { DkimSigner } from '../send/dkim.js';
import { loadDkimSigner } from '../send/dkim-key.js';
import { isLoginFailure } from '../send/classify.js';
import { SendSetupError } from '../send/setup-error.js';
import { parseSmtpUrl, redact } from '../send/smtp-url.js';
import { chooseTarget, type Target } from '../send/target.js';
import { failureOf, tlsFailureKind } from '../send/transport-error.js';
import type { TransportFailure } from '../send/types.js';
import { warn } from './output.js';

export type { Target } from '../send/target.js';

/**
 * The target of this run (see the send stage's chooseTarget), with its setup problems worded
 * for the editor and the plaintext-login warning said once.
 */
export function targetOrFail(options: Record<string, any>, config: Config, issueId: string): Target {
  const target = orSetupProblem(() =>
    chooseTarget(config, issueId, {
      ...(options.outbox ? { outbox: options.outbox as string } : {}),
      ...(options.smtp ? { smtp: options.smtp as string } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency as number } : {}),
    }),
  );
  if (target.kind === 'smtp' && target.plaintextLoginAllowed) {
    warn('smtp.insecure_plaintext_login is set: if the server offers no STARTTLS, the SMTP password goes over the network unencrypted');
  }
  return target;
}

/** The DKIM signer of the config (see the send stage's loadDkimSigner), its problems worded for the editor. */
export function loadDkim(config: Config): DkimSigner | undefined {
  return orSetupProblem(() => loadDkimSigner(config));
}

function orSetupProblem<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw error instanceof SendSetupError ? setupProblem(error) : error;
  }
}

/** A setup problem of the send stage as the editor reads it. */
function setupProblem(error: SendSetupError): UserError {
  switch (error.problem) {
    case 'ca-file-unreadable':
      return new UserError(`cannot read smtp.tls.ca_file ${error.path}: ${error.message}`, {
        hint: "name the PEM file of your relay's certificate authority, relative to newsletter.config.yaml",
      });
    case 'dkim-key-unreadable':
      return new UserError(`cannot read the DKIM key file ${error.path}: ${error.message}`, { hint: 'fix dkim.key_file in the config, or set NEWSLETTER_DKIM_KEY to the PEM key' });
    case 'dkim-key-missing':
      return new UserError('the config asks for DKIM signing, but there is no key', {
        hint: 'set NEWSLETTER_DKIM_KEY to the PEM private key, or name a key file as dkim.key_file in the config',
      });
    case 'dkim-key-unusable':
      return new UserError(`the DKIM key cannot be used: ${error.message}`, { hint: 'DKIM needs an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----)' });
  }
}

/** Where the mail goes, for messages: the server without credentials, or the outbox folder. */
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

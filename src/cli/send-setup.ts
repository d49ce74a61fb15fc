import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/types.js';
import { UserError } from '../errors.js';
import { createDkimSigner, type DkimSigner } from '../send/dkim.js';
import { redact } from '../send/smtp-url.js';
import { failureOf } from '../send/transport-error.js';
import { createOutboxTransport } from '../send/transport-outbox.js';
import { createSmtpTransport } from '../send/transport-smtp.js';
import type { Transport } from '../send/types.js';

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
    });
    return { kind: 'smtp', url, transport };
  }
  const dir = join(config.dir, 'outbox', issueId);
  return { kind: 'outbox', dir, isDefault: true, transport: createOutboxTransport(dir) };
}

export function describeTarget(target: Target): string {
  return target.kind === 'smtp' ? redact(target.url) : `the outbox ${target.dir} (.eml files)`;
}

/** Reach and log in before anything is asked or sent; a failure is the editor's to fix, never a stack trace. */
export async function verifyServer(target: Target): Promise<void> {
  try {
    await target.transport.verify();
  } catch (error) {
    const failure = failureOf(error);
    if (target.kind === 'outbox') throw new UserError(`cannot write into ${target.dir}: ${failure.message}`);
    const server = redact(target.url);
    const auth = failure.code === 'EAUTH' || failure.responseCode === 535;
    throw new UserError(`could not ${auth ? 'log in to' : 'reach'} the SMTP server ${server}: ${failure.response ?? failure.message}`, {
      hint: auth
        ? 'check the user and password in NEWSLETTER_SMTP_URL (smtp://user:password@host:587)'
        : 'check the host and port, that the server runs, and that this machine may connect to it; nothing was sent',
    });
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

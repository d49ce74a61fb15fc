import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { join, resolve } from 'node:path';
import type { Config } from '../config/types.js';
import { SendSetupError } from './setup-error.js';
import { parseSmtpUrl } from './smtp-url.js';
import { createOutboxTransport } from './transport-outbox.js';
import { createSmtpTransport } from './transport-smtp.js';
import type { Transport } from './types.js';

/** Where a run's mail goes: a server, or `.eml` files. */
export type Target =
  | {
      kind: 'smtp';
      url: string;
      transport: Transport;
      /** `smtp.insecure_plaintext_login` with a login on a URL without TLS: the password may cross the network unencrypted. */
      plaintextLoginAllowed?: boolean;
    }
  | { kind: 'outbox'; dir: string; isDefault: boolean; transport: Transport };

/** What chooses the target besides the config: the command's flags and the environment. */
export interface TargetChoice {
  /** `--outbox DIR`: wins over every server. */
  outbox?: string;
  /** `--smtp URL`: wins over NEWSLETTER_SMTP_URL and the config's `smtp.url`. */
  smtp?: string;
  /** SMTP connections at once; default `send.concurrency` of the config, else 4. */
  concurrency?: number;
  /** Where NEWSLETTER_SMTP_URL is read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * `outbox`; else `smtp` / NEWSLETTER_SMTP_URL / config `smtp.url`; else `outbox/<id>/` beside
 * the config. E.g. `chooseTarget(config, issueSet.id, {smtp: 'smtp://relay:587'})`. Throws
 * SendSetupError when `smtp.tls.ca_file` cannot be read.
 */
export function chooseTarget(config: Config, issueId: string, choice: TargetChoice = {}): Target {
  if (choice.outbox) {
    const dir = resolve(choice.outbox);
    return { kind: 'outbox', dir, isDefault: false, transport: createOutboxTransport(dir) };
  }
  const url = choice.smtp ?? (choice.env ?? process.env).NEWSLETTER_SMTP_URL ?? config.smtp?.url;
  if (url) {
    const transport = createSmtpTransport({
      url,
      concurrency: choice.concurrency ?? config.send?.concurrency ?? 4,
      ...(config.smtp?.timeout_s ? { timeouts: { socketMs: config.smtp.timeout_s * 1000 } } : {}),
      ...smtpTlsOptions(config),
    });
    const parsed = parseSmtpUrl(url);
    const plaintextLoginAllowed = Boolean(config.smtp?.insecure_plaintext_login && parsed.auth && !parsed.secure);
    return { kind: 'smtp', url, transport, ...(plaintextLoginAllowed ? { plaintextLoginAllowed } : {}) };
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
      throw new SendSetupError('ca-file-unreadable', (error as Error).message, path);
    }
  }
  if (settings?.min_version) tls.minVersion = settings.min_version;
  return {
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    ...(config.smtp?.insecure_plaintext_login ? { insecurePlaintextLogin: true } : {}),
  };
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config/types.js';
import { createDkimSigner, type DkimSigner } from './dkim.js';
import { SendSetupError } from './setup-error.js';

/**
 * The DKIM signer when the config has `dkim:`, with the key from NEWSLETTER_DKIM_KEY (a PEM,
 * `\n` allowed for line ends) or `dkim.key_file`; undefined without `dkim:`. Throws
 * SendSetupError when the key is missing, unreadable or not an RSA key.
 */
export function loadDkimSigner(config: Config, env: NodeJS.ProcessEnv = process.env): DkimSigner | undefined {
  if (!config.dkim) return undefined;
  let pem = env.NEWSLETTER_DKIM_KEY;
  if (!pem && config.dkim.key_file) {
    const path = resolve(config.dir, config.dkim.key_file);
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      throw new SendSetupError('dkim-key-unreadable', (error as Error).message, path);
    }
  }
  if (!pem) throw new SendSetupError('dkim-key-missing', 'no DKIM key');
  try {
    return createDkimSigner({ domain: config.dkim.domain, selector: config.dkim.selector, privateKey: pem.replace(/\\n/g, '\n') });
  } catch (error) {
    throw new SendSetupError('dkim-key-unusable', (error as Error).message);
  }
}

import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';

/** One AES-256 key derived from a secret, named by a short id that tokens carry. */
export interface SealingKey {
  /** 8 hex digits (4 bytes in a token). */
  id: string;
  key: Buffer;
}

/** The current key seals new tokens; every key (current and previous) opens old ones. */
export interface Keyring {
  current: SealingKey;
  byId: ReadonlyMap<string, SealingKey>;
}

export const DEV_SECRET_FILE = 'dev-secret';
const MIN_SECRET_LENGTH = 16;
const MAKE_A_SECRET = 'make one with `openssl rand -base64 32` and set it as NEWSLETTER_SECRET in the environment of both the sender and `newsletter serve`';

/** Derives the key and its id from a secret: the same secret always gives the same key. */
export function deriveKey(secret: string): SealingKey {
  const key = Buffer.from(hkdfSync('sha256', secret, 'newsletter/unsubscribe', 'aes-256-gcm token key', 32));
  const id = createHash('sha256').update('key id').update(key).digest('hex').slice(0, 8);
  return { id, key };
}

/** A keyring from the current secret and any number of previous ones (rotation). */
export function keyringFromSecrets(current: string, previous: string[] = []): Keyring {
  const currentKey = deriveKey(current);
  const byId = new Map<string, SealingKey>();
  for (const secret of previous) {
    const key = deriveKey(secret);
    byId.set(key.id, key);
  }
  byId.set(currentKey.id, currentKey);
  return { current: currentKey, byId };
}

function checkSecret(name: string, secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new UserError(`${name} is too short (${secret.length} characters; at least ${MIN_SECRET_LENGTH} are needed)`, {
      hint: MAKE_A_SECRET,
    });
  }
  return secret;
}

/**
 * The unsubscribe keys: NEWSLETTER_SECRET seals, and NEWSLETTER_SECRET_PREVIOUS (secrets
 * separated by spaces or commas) keeps links from before a rotation working. Without a
 * secret, a development key is kept in the state folder when `allowDevKey` (preview,
 * dry run, outbox); otherwise a UserError says how to make one.
 */
export function loadKeyring(options: { env?: NodeJS.ProcessEnv; stateDir: string; allowDevKey: boolean }): {
  keyring: Keyring;
  usingDevKey: boolean;
} {
  const env = options.env ?? process.env;
  const previous = (env.NEWSLETTER_SECRET_PREVIOUS ?? '')
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map((s) => checkSecret('a secret in NEWSLETTER_SECRET_PREVIOUS', s));
  const secret = env.NEWSLETTER_SECRET?.trim();
  if (secret) return { keyring: keyringFromSecrets(checkSecret('NEWSLETTER_SECRET', secret), previous), usingDevKey: false };
  if (!options.allowDevKey) {
    throw new UserError('NEWSLETTER_SECRET is not set: it is the key that makes and checks the unsubscribe links', {
      hint: MAKE_A_SECRET,
    });
  }
  return { keyring: keyringFromSecrets(readOrCreateDevSecret(options.stateDir), previous), usingDevKey: true };
}

/** The development secret of a state folder, created (readable by its owner only) on first use. */
function readOrCreateDevSecret(stateDir: string): string {
  const file = join(stateDir, DEV_SECRET_FILE);
  mkdirSync(stateDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

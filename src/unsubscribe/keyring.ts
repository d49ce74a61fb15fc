import { createHash, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, type Problem } from '../errors.js';
import { makeGroupDir, shareWithGroup } from '../state/file-modes.js';

/**
 * The keys made from the unsubscribe secrets. `current` seals new tokens; `keys` (current
 * first, then the previous secrets') open them. `legacy` opens tokens of the first format
 * (a fast HKDF key named by a 4-byte id in the token), so links in mail sent before the
 * change keep working for as long as their secret stays configured.
 */
export interface Keyring {
  current: Buffer;
  keys: readonly Buffer[];
  /** First-format keys by their 8-hex-digit id. */
  legacy: ReadonlyMap<string, Buffer>;
}

export const DEV_SECRET_FILE = 'dev-secret';
export const MIN_SECRET_LENGTH = 16;
/** Estimated bits (see secretBits) a secret needs before real mail is sealed with it. */
export const STRONG_SECRET_BITS = 128;
export const MAKE_A_SECRET =
  'make one with `openssl rand -base64 32` and set it as NEWSLETTER_SECRET in the environment of both the sender and `newsletter serve`';

/**
 * scrypt at N=2^15, r=8 (32 MiB, ~0.1–0.2 s): each guess at a secret costs that much memory
 * and time, instead of the microsecond of a plain hash. Derived once per secret per process.
 * The salt is fixed because sender and endpoint must agree on the key from the secret alone.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const SCRYPT_SALT = 'newsletter/unsubscribe/v2 aes-256-gcm token key';
const derived = new Map<string, Buffer>();

/** The AES-256 key of a secret (scrypt); the same secret always gives the same key. */
export function deriveKey(secret: string): Buffer {
  let key = derived.get(secret);
  if (!key) {
    key = scryptSync(secret, SCRYPT_SALT, 32, SCRYPT);
    derived.set(secret, key);
  }
  return key;
}

/** The first format's key and id (HKDF-SHA256; the id is a hash of the key): only to open old links. */
function deriveLegacyKey(secret: string): { id: string; key: Buffer } {
  const key = Buffer.from(hkdfSync('sha256', secret, 'newsletter/unsubscribe', 'aes-256-gcm token key', 32));
  const id = createHash('sha256').update('key id').update(key).digest('hex').slice(0, 8);
  return { id, key };
}

/** A keyring from the current secret and any number of previous ones (rotation). */
export function keyringFromSecrets(current: string, previous: readonly string[] = []): Keyring {
  const secrets = [current, ...previous.filter((s) => s !== current)];
  const legacy = new Map<string, Buffer>();
  for (const secret of secrets) {
    const { id, key } = deriveLegacyKey(secret);
    if (!legacy.has(id)) legacy.set(id, key);
  }
  const keys = secrets.map(deriveKey);
  return { current: keys[0], keys, legacy };
}

/**
 * A rough estimate of a secret's strength in bits: the characters that do not merely
 * repeat or continue their neighbour (`aaaa`, `abcd`, `1234`), times the Shannon entropy
 * of the characters used. `openssl rand -base64 32` gives 150–220; `aaaaaaaaaaaaaaaa` 0;
 * `newsletter-secret-2024!` 76. It can only under-rate a random secret, never prove one.
 */
export function secretBits(secret: string): number {
  const chars = [...secret];
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length);
  let steps = 1;
  for (let i = 1; i < chars.length; i++) {
    if (Math.abs(chars[i].codePointAt(0)! - chars[i - 1].codePointAt(0)!) > 1) steps++;
  }
  return Math.round(steps * perChar);
}

/** Why a secret is too weak to seal real mail with, or undefined when it is strong enough. */
export function weakSecret(name: string, secret: string): string | undefined {
  const bits = secretBits(secret);
  if (bits >= STRONG_SECRET_BITS) return undefined;
  return `${name} looks weak (about ${bits} bits by a rough estimate; ${STRONG_SECRET_BITS} are wanted): a guessed secret lets anyone unsubscribe anyone and read the addresses in collected links`;
}

/** What `check` says about NEWSLETTER_SECRET: missing, too short or weak are errors, since a real send refuses each. */
export function secretReadiness(env: NodeJS.ProcessEnv = process.env): Problem[] {
  const secret = env.NEWSLETTER_SECRET?.trim() ?? '';
  const at = { file: 'environment', line: 0, column: 0, severity: 'error' } as const;
  const makeOne = 'make one with `openssl rand -base64 32` and set it as NEWSLETTER_SECRET where you send and where `newsletter serve` runs';
  if (secret === '') return [{ ...at, message: 'NEWSLETTER_SECRET is not set: it keys the unsubscribe links', hint: makeOne }];
  if (secret.length < MIN_SECRET_LENGTH) {
    return [{ ...at, message: `NEWSLETTER_SECRET is too short (${secret.length} characters; at least ${MIN_SECRET_LENGTH} are needed)`, hint: makeOne }];
  }
  const weak = weakSecret('NEWSLETTER_SECRET', secret);
  return weak ? [{ ...at, message: weak, hint: `${makeOne}; move the old one to NEWSLETTER_SECRET_PREVIOUS so the links already sent keep working` }] : [];
}

/**
 * The previous secrets, from NEWSLETTER_SECRET_PREVIOUS and NEWSLETTER_SECRET_PREVIOUS_2,
 * _3, …: each variable holds exactly one secret, spaces and commas included.
 * `legacyLists` names variables that the first version would have split at spaces or commas
 * (every part 16 characters or more): their parts are kept too, so old links still open.
 */
export function previousSecrets(env: NodeJS.ProcessEnv): { secrets: string[]; legacyLists: string[] } {
  const names = Object.keys(env)
    .filter((name) => /^NEWSLETTER_SECRET_PREVIOUS(_\d+)?$/.test(name))
    .sort((a, b) => Number(a.split('_')[3] ?? 1) - Number(b.split('_')[3] ?? 1));
  const secrets: string[] = [];
  const legacyLists: string[] = [];
  for (const name of names) {
    const value = env[name]?.trim() ?? '';
    if (value === '') continue;
    secrets.push(checkLength(name, value));
    const parts = value.split(/[\s,]+/).filter((s) => s !== '');
    if (name === 'NEWSLETTER_SECRET_PREVIOUS' && parts.length > 1 && parts.every((part) => part.length >= MIN_SECRET_LENGTH)) {
      secrets.push(...parts);
      legacyLists.push(name);
    }
  }
  return { secrets, legacyLists };
}

function checkLength(name: string, secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new UserError(`${name} is too short (${secret.length} characters; at least ${MIN_SECRET_LENGTH} are needed)`, { hint: MAKE_A_SECRET });
  }
  return secret;
}

export interface LoadedKeyring {
  keyring: Keyring;
  usingDevKey: boolean;
  /** Things to say before going on: a weak secret, an old-style list of previous secrets. */
  warnings: string[];
}

/**
 * The unsubscribe keys: NEWSLETTER_SECRET seals, the previous secrets (see previousSecrets)
 * keep links from before a rotation working. Without a secret, a development key is kept in
 * the state folder when `allowDevKey` (preview, dry run, outbox); otherwise a UserError says
 * how to make one. `requireStrong` (a real send) refuses a weak NEWSLETTER_SECRET.
 */
export function loadKeyring(options: { env?: NodeJS.ProcessEnv; stateDir: string; allowDevKey: boolean; requireStrong?: boolean }): LoadedKeyring {
  const env = options.env ?? process.env;
  const previous = previousSecrets(env);
  const warnings = previous.legacyLists.map(
    (name) =>
      `${name} holds several secrets separated by spaces or commas: they are still tried one by one, but write one secret per variable (NEWSLETTER_SECRET_PREVIOUS, NEWSLETTER_SECRET_PREVIOUS_2, …), since a secret may contain spaces and commas`,
  );
  const secret = env.NEWSLETTER_SECRET?.trim();
  if (secret) {
    checkLength('NEWSLETTER_SECRET', secret);
    const weak = weakSecret('NEWSLETTER_SECRET', secret);
    if (weak && options.requireStrong) {
      throw new UserError(weak, {
        hint: `${MAKE_A_SECRET}; to keep the links in mail already sent working, move the old secret to NEWSLETTER_SECRET_PREVIOUS (sender and endpoint)`,
      });
    }
    if (weak) warnings.push(weak);
    return { keyring: keyringFromSecrets(secret, previous.secrets), usingDevKey: false, warnings };
  }
  if (!options.allowDevKey) {
    throw new UserError('NEWSLETTER_SECRET is not set: it is the key that makes and checks the unsubscribe links', { hint: MAKE_A_SECRET });
  }
  return { keyring: keyringFromSecrets(readOrCreateDevSecret(options.stateDir), previous.secrets), usingDevKey: true, warnings };
}

/** The development secret of a state folder, created on first use readable by the owner and the folder's group only (0660). */
function readOrCreateDevSecret(stateDir: string): string {
  const file = join(stateDir, DEV_SECRET_FILE);
  makeGroupDir(stateDir);
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    shareWithGroup(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

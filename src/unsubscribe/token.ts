import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

/** What an unsubscribe token carries, sealed: whom to unsubscribe from which list, and their page language. */
export interface TokenPayload {
  email: string;
  listId: string;
  lang: string;
  /** The issue the link was sent with, so the report can count its unsubscribes; absent in older links. */
  issueId?: string;
}

const VERSION = 2;
const LEGACY_VERSION = 1;
const LEGACY_HEADER = 5; // version byte + 4-byte key id
const IV = 12;
const TAG = 16;
/**
 * The sealed text is padded to one of these sizes (bytes), so the token's length says
 * nothing about the address's: nearly every reader's fits the first.
 */
export const PADDED_SIZES = [96, 192, 384, 768] as const;
const MAX_TOKEN_CHARS = 1100;
const VERSION_BYTE = Buffer.from([VERSION]);

/**
 * Seals reader, list and language with AES-256-GCM under the keyring's current key:
 * URL-safe, of one of four lengths, and without the key it reveals nothing and cannot be
 * altered. The token names no key: opening tries the keyring's few keys in turn.
 * `createUnsubscribeToken(keyring, { email: 'anna@example.org', listId: 'news.example.org', lang: 'de' })`
 */
export function createUnsubscribeToken(keyring: Keyring, payload: TokenPayload): string {
  for (const value of [payload.email, payload.listId, payload.lang, payload.issueId ?? '']) {
    if (/[\n\0]/.test(value)) throw new Error('a token payload cannot contain a line break or a NUL');
  }
  const text = Buffer.from(`${payload.lang}\n${payload.listId}\n${payload.email}${payload.issueId ? `\n${payload.issueId}` : ''}`, 'utf8');
  const size = PADDED_SIZES.find((s) => s >= text.length);
  if (size === undefined) throw new Error(`a token payload of ${text.length} bytes is too long`);
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', keyring.current, iv);
  cipher.setAAD(VERSION_BYTE);
  // one buffer for the whole token: a send makes one per reader
  const token = Buffer.allocUnsafe(1 + IV + size + TAG);
  token[0] = VERSION;
  iv.copy(token, 1);
  text.copy(token, 1 + IV);
  token.fill(0, 1 + IV + text.length, 1 + IV + size); // the padding
  const sealed = cipher.update(token.subarray(1 + IV, 1 + IV + size));
  cipher.final();
  sealed.copy(token, 1 + IV);
  cipher.getAuthTag().copy(token, 1 + IV + size);
  return token.toString('base64url');
}

/**
 * A fresh random IV per token, cut from random bytes fetched 4 096 IVs at a time: each
 * call to the system's generator costs about as much as the encryption itself.
 */
const IVS_PER_FETCH = 4096;
let ivStock = Buffer.alloc(0);
let ivAt = 0;
function nextIv(): Buffer {
  if (ivAt + IV > ivStock.length) {
    ivStock = randomBytes(IV * IVS_PER_FETCH);
    ivAt = 0;
  }
  const iv = ivStock.subarray(ivAt, ivAt + IV);
  ivAt += IV;
  return iv;
}

/**
 * The payload of a token sealed by any key of the keyring, or undefined for anything
 * else (altered, truncated, foreign key, garbage). Never throws; GCM checks the tag in
 * constant time. Tokens of the first format (with a key id) open with the legacy keys.
 */
export function openUnsubscribeToken(keyring: Keyring, token: string): TokenPayload | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical spelling: a changed padding bit in the last character is an altered token too.
  if (bytes.toString('base64url') !== token) return undefined;
  if (bytes[0] === VERSION && (PADDED_SIZES as readonly number[]).includes(bytes.length - 1 - IV - TAG)) {
    for (const key of keyring.keys) {
      const plain = unseal(key, bytes.subarray(0, 1), bytes.subarray(1, 1 + IV), bytes.subarray(1 + IV, bytes.length - TAG), bytes.subarray(bytes.length - TAG));
      if (plain) return parsePayload(plain.subarray(0, plain.indexOf(0) < 0 ? plain.length : plain.indexOf(0)));
    }
    return undefined;
  }
  if (bytes[0] === LEGACY_VERSION && bytes.length >= LEGACY_HEADER + IV + TAG + 1) {
    const key = keyring.legacy.get(bytes.subarray(1, LEGACY_HEADER).toString('hex'));
    const header = bytes.subarray(0, LEGACY_HEADER);
    const plain = key && unseal(key, header, bytes.subarray(LEGACY_HEADER, LEGACY_HEADER + IV), bytes.subarray(LEGACY_HEADER + IV, bytes.length - TAG), bytes.subarray(bytes.length - TAG));
    return plain ? parsePayload(plain) : undefined;
  }
  return undefined;
}

function unseal(key: Buffer, aad: Buffer, iv: Buffer, sealed: Buffer, tag: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    return undefined;
  }
}

function parsePayload(plain: Buffer): TokenPayload | undefined {
  const [lang, listId, email, issueId, ...rest] = plain.toString('utf8').split('\n');
  if (email === undefined || rest.length > 0) return undefined;
  return issueId ? { email, listId, lang, issueId } : { email, listId, lang };
}

/** `unsubscribeUrl('https://news.example.org/', t) === 'https://news.example.org/u/' + t` */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/u/${token}`;
}

/**
 * The token in what an editor pastes: a whole unsubscribe link (`https://…/u/TOKEN`, with
 * or without query) or the bare token; undefined when it is neither.
 */
export function tokenFromLink(text: string): string | undefined {
  const trimmed = text.trim();
  const inPath = /\/u\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/.exec(trimmed);
  if (inPath) return inPath[1];
  return /^[A-Za-z0-9_-]{40,}$/.test(trimmed) ? trimmed : undefined;
}

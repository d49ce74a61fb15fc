import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

/** What an unsubscribe token carries, sealed: whom to unsubscribe from which list, and their page language. */
export interface TokenPayload {
  email: string;
  listId: string;
  lang: string;
}

const VERSION = 1;
const HEADER = 5; // version byte + 4-byte key id, authenticated as associated data
const IV = 12;
const TAG = 16;
const MAX_TOKEN_CHARS = 1024;

/**
 * Seals reader, list and language with AES-256-GCM under the keyring's current key:
 * URL-safe, and without the key it reveals nothing and cannot be altered.
 * `createUnsubscribeToken(keyring, { email: 'anna@example.org', listId: 'news.example.org', lang: 'de' })`
 */
export function createUnsubscribeToken(keyring: Keyring, payload: TokenPayload): string {
  for (const value of [payload.email, payload.listId, payload.lang]) {
    if (value.includes('\n')) throw new Error('a token payload cannot contain a line break');
  }
  const header = headerFor(keyring.current.id);
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(header);
  const sealed = cipher.update(`${payload.lang}\n${payload.listId}\n${payload.email}`, 'utf8');
  cipher.final();
  // one buffer for the whole token: a send makes one per reader
  const token = Buffer.allocUnsafe(HEADER + IV + sealed.length + TAG);
  header.copy(token, 0);
  iv.copy(token, HEADER);
  sealed.copy(token, HEADER + IV);
  cipher.getAuthTag().copy(token, HEADER + IV + sealed.length);
  return token.toString('base64url');
}

/** The version byte and key id, built once per key. */
let lastHeader: { id: string; bytes: Buffer } | undefined;
function headerFor(keyId: string): Buffer {
  if (lastHeader?.id !== keyId) {
    const bytes = Buffer.alloc(HEADER);
    bytes[0] = VERSION;
    Buffer.from(keyId, 'hex').copy(bytes, 1);
    lastHeader = { id: keyId, bytes };
  }
  return lastHeader.bytes;
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
 * constant time.
 */
export function openUnsubscribeToken(keyring: Keyring, token: string): TokenPayload | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical spelling: a changed padding bit in the last character is an altered token too.
  if (bytes.toString('base64url') !== token) return undefined;
  if (bytes.length < HEADER + IV + TAG + 1 || bytes[0] !== VERSION) return undefined;
  const key = keyring.byId.get(bytes.subarray(1, HEADER).toString('hex'));
  if (!key) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, bytes.subarray(HEADER, HEADER + IV));
    decipher.setAAD(bytes.subarray(0, HEADER));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
    const plain = Buffer.concat([decipher.update(bytes.subarray(HEADER + IV, bytes.length - TAG)), decipher.final()]).toString('utf8');
    const [lang, listId, email, ...rest] = plain.split('\n');
    if (email === undefined || rest.length > 0) return undefined;
    return { email, listId, lang };
  } catch {
    return undefined;
  }
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

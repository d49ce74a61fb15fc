import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config/types.js';
import type { Keyring } from './keyring.js';

/**
 * The VERP token: the Message-ID a reader's copy of an issue carried (the journal row's
 * key), packed into 28 bytes and written in lower-case base32 so that mail systems that
 * fold the local part's case keep it intact:
 *
 *   6 bytes  the Message-ID's time part (ms since the epoch)
 *   16 bytes the Message-ID's UUID
 *   6 bytes  HMAC-SHA256 of the above under a key derived from NEWSLETTER_SECRET
 *
 * 45 characters; it names no address, and without the secret none can be made that
 * leads anywhere. Message-IDs not made by `newMessageId` get no token.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const TIME_BYTES = 6;
const UUID_BYTES = 16;
const MAC_BYTES = 6;
export const TOKEN_LENGTH = Math.ceil(((TIME_BYTES + UUID_BYTES + MAC_BYTES) * 8) / 5);
/** Before the token in a mailto unsubscribe address: `bounces+u-<token>@…`. */
export const UNSUBSCRIBE_PREFIX = 'u-';
const MESSAGE_ID = /^<?([0-9a-z]{1,10})\.([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})@([^<>\s]+?)>?$/;
/** Longest local part RFC 5321 allows (4.5.3.1.1). */
export const MAX_LOCAL_PART = 64;

/** The MAC keys of a keyring, current first: one per unsubscribe secret, kept apart from the token sealing key. */
export function verpKeys(keyring: Keyring): Buffer[] {
  return keyring.keys.map((key) => createHmac('sha256', key).update('newsletter/verp-token/v1').digest());
}

/** The token for a Message-ID from `newMessageId`; undefined for any other form. */
export function verpToken(keys: Buffer[], messageId: string): string | undefined {
  const match = MESSAGE_ID.exec(messageId.trim());
  if (!match) return undefined;
  const time = Number.parseInt(match[1], 36);
  if (!Number.isSafeInteger(time) || time >= 2 ** (8 * TIME_BYTES)) return undefined;
  const payload = Buffer.alloc(TIME_BYTES + UUID_BYTES);
  payload.writeUIntBE(time, 0, TIME_BYTES);
  Buffer.from(match.slice(2, 7).join(''), 'hex').copy(payload, TIME_BYTES);
  return base32(Buffer.concat([payload, mac(keys[0], payload)]));
}

/**
 * The Message-ID's unique part (`<time>.<uuid>`, without `@domain` and brackets) behind a
 * token, or undefined when the token was not made with any of `keys` (forged, cut off, altered).
 */
export function openVerpToken(keys: Buffer[], token: string): { localPart: string } | undefined {
  const bytes = fromBase32(token.toLowerCase());
  if (!bytes || bytes.length !== TIME_BYTES + UUID_BYTES + MAC_BYTES) return undefined;
  const payload = bytes.subarray(0, TIME_BYTES + UUID_BYTES);
  const given = bytes.subarray(TIME_BYTES + UUID_BYTES);
  if (!keys.some((key) => timingSafeEqual(mac(key, payload), given))) return undefined;
  const time = payload.readUIntBE(0, TIME_BYTES).toString(36);
  const hex = payload.subarray(TIME_BYTES).toString('hex');
  return { localPart: `${time}.${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
}

/** The full Message-ID for a token's local part at a domain: `<lq3k2f.6f0c…@example.org>`. */
export function messageIdAt(localPart: string, domain: string): string {
  return `<${localPart}@${domain}>`;
}

function mac(key: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
}

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer | undefined {
  if (!/^[a-z2-7]+$/.test(text)) return undefined;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = (value << 5) | ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  // only the canonical spelling: leftover bits must be zero
  if (value !== 0) return undefined;
  return Buffer.from(out);
}

/** A return path as configured: `bounces@news.example.org`, with VERP and its separator. */
export interface ReturnPath {
  address: string;
  verp: boolean;
  /** Between the local part and the token; `+` by default (`-` for qmail-style systems). */
  separator: string;
}

/** The config's return path with its defaults, or undefined without `return_path` (mail goes out with From as envelope sender). */
export function returnPathOf(config: Pick<Config, 'return_path' | 'bounces'>): ReturnPath | undefined {
  if (!config.return_path) return undefined;
  return { address: config.return_path, verp: config.bounces?.verp !== false, separator: config.bounces?.separator ?? '+' };
}

/**
 * Where a reader's mailto unsubscribe goes, before the token: `unsubscribe.mailto`'s
 * address, else the return path's; undefined when neither is set.
 */
export function mailtoBaseOf(config: Pick<Config, 'return_path' | 'unsubscribe'>): string | undefined {
  const mailto = config.unsubscribe?.mailto?.trim().replace(/^mailto:/i, '').split('?')[0];
  return mailto || config.return_path || undefined;
}

/** `bounces@x` + token → `bounces+<token>@x` (VERP), or the fixed address. */
export function envelopeSender(returnPath: ReturnPath, token: string | undefined): string {
  if (!returnPath.verp || !token) return returnPath.address;
  return withToken(returnPath.address, returnPath.separator, token);
}

/** `unsubscribe@x` + token → `unsubscribe+u-<token>@x`: where a mail program's mailto unsubscribe goes. */
export function unsubscribeAddress(base: string, separator: string, token: string): string {
  return withToken(base, separator, UNSUBSCRIBE_PREFIX + token);
}

function withToken(address: string, separator: string, token: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}${separator}${token}${address.slice(at)}`;
}

/**
 * What an address a message came to says: a bounce token, an unsubscribe token, or
 * nothing of ours. `bases` are the return path and the mailto base; case is ignored.
 */
export function tokenInAddress(address: string, bases: string[], separator: string): { kind: 'bounce' | 'unsubscribe'; token: string } | undefined {
  const lower = address.toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return undefined;
  for (const base of bases) {
    const baseLower = base.toLowerCase();
    const baseAt = baseLower.lastIndexOf('@');
    if (lower.slice(at) !== baseLower.slice(baseAt)) continue;
    const prefix = baseLower.slice(0, baseAt) + separator;
    const local = lower.slice(0, at);
    if (!local.startsWith(prefix)) continue;
    const rest = local.slice(prefix.length);
    if (rest.startsWith(UNSUBSCRIBE_PREFIX)) return { kind: 'unsubscribe', token: rest.slice(UNSUBSCRIBE_PREFIX.length) };
    return { kind: 'bounce', token: rest };
  }
  return undefined;
}

/** The longest local part a reader's addresses get with this base and separator (token and `u-` included). */
export function longestLocalPart(base: string, separator: string): number {
  return base.slice(0, base.lastIndexOf('@')).length + separator.length + UNSUBSCRIBE_PREFIX.length + TOKEN_LENGTH;
}

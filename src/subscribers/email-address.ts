import { domainToASCII } from 'node:url';
import { firstUnsafeCharacter } from '../source/unsafe-characters.js';

export type NormalizedAddress = { ok: true; email: string; key: string } | { ok: false; reason: string };

// Deliberately plain: SMTP servers decide the rest, we only catch what cannot be an address.
const LOCAL_PART = /^[^\s@<>()[\]\\,;:"]+$/;
const ASCII_DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * Trims an address and turns an IDN domain into punycode for SMTP; the key (lower-cased)
 * is what duplicates, the suppression list and the journal compare.
 * `normalizeAddress(' Anna@München.example ')` → `{ email: 'Anna@xn--mnchen-3ya.example', key: 'anna@xn--mnchen-3ya.example' }`
 */
export function normalizeAddress(value: string): NormalizedAddress {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: false, reason: 'no email address' };
  // an ESC sequence would reach terminals and the SMTP envelope; a bidi override disguises the address
  const unsafe = firstUnsafeCharacter(trimmed);
  if (unsafe) return { ok: false, reason: `contains an invisible control or text-direction character (${unsafe}); an address cannot hold one` };
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return { ok: false, reason: 'not an email address (expected name@domain)' };
  // one spelling per mailbox: `anna\u0308@` and `annä@` are the same reader (RFC 6532 asks for NFC)
  const local = trimmed.slice(0, at).normalize('NFC');
  const domain = trimmed.slice(at + 1);
  if (!LOCAL_PART.test(local) || local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, reason: 'not an email address (expected name@domain)' };
  }
  const asciiDomain = domainToASCII(domain.replace(/\.$/, ''));
  if (!asciiDomain || !ASCII_DOMAIN.test(asciiDomain)) return { ok: false, reason: `invalid domain "${domain}"` };
  const email = `${local}@${asciiDomain}`;
  return { ok: true, email, key: email.toLowerCase() };
}

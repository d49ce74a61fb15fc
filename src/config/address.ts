/** Mail addresses as editors write them in the config: `Name <addr@example.org>` or `addr@example.org`. */
import { firstUnsafeCharacter } from '../source/unsafe-characters.js';

/** One address, deliberately strict: something like local@domain.tld, no spaces, no brackets. */
export const EMAIL = /^[^\s@<>(),;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export interface ParsedAddress {
  name?: string;
  address: string;
}

/**
 * Parses one sender-style address; undefined when it is not exactly one address.
 * @example parseAddress('"Connective Cities" <news@example.org>') // { name: 'Connective Cities', address: 'news@example.org' }
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  // line breaks, ESC sequences and text-direction overrides have no place in a sender's address
  if (firstUnsafeCharacter(text)) return undefined;
  const trimmed = text.trim();
  if (EMAIL.test(trimmed)) return { address: trimmed };
  const match = /^(.*?)\s*<([^<>]+)>$/.exec(trimmed);
  if (!match || !EMAIL.test(match[2].trim())) return undefined;
  const name = match[1].trim().replace(/^"(.*)"$/, '$1').trim();
  if (/[<>]/.test(name)) return undefined;
  return name ? { name, address: match[2].trim() } : { address: match[2].trim() };
}

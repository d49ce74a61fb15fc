import type { Headers } from '@zone-eu/mailsplit';
import { fieldGroups } from './mime-parts.js';
import type { RecipientStatus } from './types.js';

/** `rfc822; Anna@Example.org` → `anna@example.org`; undefined for other address types or garbage. */
export function typedAddress(value: string): string | undefined {
  const match = /^\s*(?:([A-Za-z0-9-]+)\s*;)?\s*<?([^<>\s;]+@[^<>\s;]+?)>?\s*$/.exec(value);
  if (!match) return undefined;
  if (match[1] && !/^rfc822$|^utf-8$/i.test(match[1])) return undefined;
  return match[2].toLowerCase();
}

/** The one-line value of a field, folded lines joined. */
export function field(headers: Headers, name: string): string | undefined {
  const value = headers.getFirst(name).replace(/\s*\r?\n\s*/g, ' ').trim();
  return value === '' ? undefined : value;
}

/** `smtp; 550 5.1.1 …` → `550 5.1.1 …` (RFC 3464 2.3.6: the type is first). */
function diagnosticText(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.replace(/^[A-Za-z0-9-]+\s*;\s*/, '').trim();
  return text === '' ? undefined : text;
}

/** `5.1.1`, or the class of a longer text (`5.1.1 (bad mailbox)`); undefined when not a status. */
export function statusCode(value: string | undefined): string | undefined {
  return value?.match(/\b([245]\.\d{1,3}\.\d{1,3})\b/)?.[1];
}

/**
 * The per-recipient groups of a `message/delivery-status` body (RFC 3464 2.2, 2.3): the
 * first group is about the message, each further one about a recipient. A group without
 * Action is skipped; a status missing from Status is looked for in the Diagnostic-Code.
 */
export function parseDeliveryStatus(body: Buffer): RecipientStatus[] {
  const groups = fieldGroups(body);
  const statuses: RecipientStatus[] = [];
  for (const group of groups) {
    const action = field(group, 'action')?.toLowerCase().split(/[\s(;]/)[0];
    if (!action) continue;
    const recipient = typedAddress(field(group, 'final-recipient') ?? '');
    const originalRecipient = typedAddress(field(group, 'original-recipient') ?? '');
    const diagnostic = diagnosticText(field(group, 'diagnostic-code'));
    const status = statusCode(field(group, 'status')) ?? statusCode(diagnostic);
    statuses.push({
      action,
      ...(recipient ? { recipient } : {}),
      ...(originalRecipient ? { originalRecipient } : {}),
      ...(status ? { status } : {}),
      ...(diagnostic ? { diagnostic } : {}),
    });
  }
  return statuses;
}

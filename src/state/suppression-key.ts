import { normalizeAddress } from '../subscribers/email-address.js';
import type { SuppressionKind, SuppressionReason } from './types.js';
import { suppressionKind } from './types.js';

/** `Anna@München.example` → `anna@xn--mnchen-3ya.example`; anything unparsable just trimmed and lower-cased. */
export function suppressionKey(email: string): string {
  const address = normalizeAddress(email);
  return address.ok ? address.key : email.trim().toLowerCase();
}

/** The address as it is written down: normalised when it parses, else trimmed. */
export function suppressionEmail(email: string): string {
  const address = normalizeAddress(email);
  return address.ok ? address.email : email.trim();
}

/** Zero counts of every kind, then one per reason. */
export function countKinds(rows: Iterable<{ reason: SuppressionReason; n: number }>): Record<SuppressionKind, number> {
  const counts: Record<SuppressionKind, number> = { unsubscribed: 0, bounced: 0, complained: 0, manual: 0 };
  for (const { reason, n } of rows) counts[suppressionKind(reason)] += Number(n);
  return counts;
}

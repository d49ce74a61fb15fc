import { createHmac, hkdfSync } from 'node:crypto';
import type { Keyring } from './keyring.js';

/**
 * What the endpoint writes to its log about a request target, never a token: `/u/#3f9a0c1e`
 * stands for `/u/<the token>`. The fingerprint is keyed (HMAC under a key derived from the
 * current secret), so the same link gives the same fingerprint in every log line and after
 * a restart, and a log reader can neither rebuild the link nor test a guessed one against it.
 * `label('/u/AQK3…')` → `/u/#3f9a0c1e`; `label('/archive/feed.xml')` → `/archive/feed.xml`;
 * anything else (a malformed target may hold a token anywhere) → `(a target of 130 characters, #5be1d2aa)`
 */
export function createTargetLabel(keyring: Keyring): { label(target: string | undefined): string; fingerprint(token: string): string } {
  const key = Buffer.from(hkdfSync('sha256', keyring.current, 'newsletter/unsubscribe', 'log fingerprint', 32));
  const fingerprint = (token: string) => `#${createHmac('sha256', key).update(token).digest('hex').slice(0, 8)}`;
  return {
    fingerprint,
    label(target) {
      if (target === undefined || target === '') return '(no target)';
      const token = /^\/u\/([^?#]*)/.exec(target);
      if (token) return `/u/${fingerprint(token[1])}`;
      // the archive's and health check's paths as they are; anything else only as a fingerprint
      if (/^\/(?:archive(?:\/[\x21-\x7e]*)?|healthz)?$/.test(target) && target.length <= 120) return target;
      return `(a target of ${target.length} characters, ${fingerprint(target)})`;
    },
  };
}

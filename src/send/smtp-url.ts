import { UserError } from '../errors.js';

/** A server address as the SMTP transport needs it; `destination` is the journal key, without credentials. */
export interface SmtpAddress {
  secure: boolean;
  host: string;
  port: number;
  auth?: { user: string; pass: string };
  destination: string;
  /** The host is this machine by name (see isLoopbackHost): a login may go without TLS. */
  loopback: boolean;
}

/**
 * Whether a host names this machine: `localhost`, `127.0.0.1` or `::1`, as written. Decided
 * on the name, never by resolving it, and deliberately narrower than 127.0.0.0/8: the
 * exception is for a relay on the same machine, and anything else written there (a host
 * name that resolves to 127.0.1.1, another 127.x address) gets the strict rule.
 */
export function isLoopbackHost(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1'].includes(host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, ''));
}

/** `host`, `host:587` or `[::1]:25`: a server named without a scheme. */
const BARE_HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d{1,5}))?$/;

/**
 * Reads `smtp://user:pass@host:587` (STARTTLS) or `smtps://host:465` (TLS from the start);
 * `host:587` without a scheme too. Ports default to 587 and 465. The password never appears
 * in `destination`.
 */
export function parseSmtpUrl(url: string): SmtpAddress {
  const bare = BARE_HOST.exec(url.trim());
  // `--smtp mail.example.org:587`: understood, as 465 means TLS from the start and anything else STARTTLS
  if (bare) return parseSmtpUrl(`${bare[2] === '465' ? 'smtps' : 'smtp'}://${url.trim()}`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim())) {
    throw new UserError(`the SMTP server "${redact(url)}" has no scheme`, {
      hint: 'write it as smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS from the start)',
    });
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`the SMTP server "${redact(url)}" is not a URL`, { hint: 'write it as smtp://user:password@host:587 or smtps://host:465' });
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'smtp' && scheme !== 'smtps') {
    throw new UserError(`the SMTP server URL starts with "${scheme}://", expected smtp:// or smtps://`, {
      hint: 'smtp://host:587 uses STARTTLS; smtps://host:465 uses TLS from the start',
    });
  }
  if (!parsed.hostname) throw new UserError('the SMTP server URL names no host', { hint: 'write it as smtp://host:587' });
  const secure = scheme === 'smtps';
  const port = parsed.port ? Number(parsed.port) : secure ? 465 : 587;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const user = decodeUserinfo(parsed.username);
  const pass = decodeUserinfo(parsed.password);
  return {
    secure,
    host,
    port,
    ...(user ? { auth: { user, pass } } : {}),
    destination: `${scheme}://${parsed.hostname}:${port}`,
    loopback: isLoopbackHost(host),
  };
}

function decodeUserinfo(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new UserError('the user name or password in the SMTP server URL has a "%" that starts no valid escape', {
      hint: 'percent-encode special characters of the password: % as %25, @ as %40, / as %2F, : as %3A',
    });
  }
}

/**
 * The URL with its password replaced by `***`, for messages: everything between the first
 * `:` of the user part and the LAST `@` before the host, so a password holding `@`, `/` or
 * `:` never shows. `smtp://me:p@ss/w@host:587` → `smtp://me:***@host:587`.
 */
export function redact(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return url.includes('@') ? '***' : url;
  const rest = url.slice(scheme[0].length);
  const at = rest.lastIndexOf('@');
  if (at < 0) return url;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  return colon < 0 ? url : `${scheme[0]}${userinfo.slice(0, colon)}:***@${rest.slice(at + 1)}`;
}

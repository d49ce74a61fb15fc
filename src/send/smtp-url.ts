import { UserError } from '../errors.js';

/** A server address as the SMTP transport needs it; `destination` is the journal key, without credentials. */
export interface SmtpAddress {
  secure: boolean;
  host: string;
  port: number;
  auth?: { user: string; pass: string };
  destination: string;
}

/**
 * Reads `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://host:465` (TLS from
 * the start). Ports default to 587 and 465. The password never appears in `destination`.
 */
export function parseSmtpUrl(url: string): SmtpAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`the SMTP server "${redact(url)}" is not a URL`, { hint: 'write it as smtp://user:password@host:587 or smtps://host:465' });
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'smtp' && scheme !== 'smtps') {
    throw new UserError(`the SMTP server URL starts with "${scheme}://", expected smtp:// or smtps://`, {
      hint: 'smtp://host:587 uses STARTTLS when the server offers it; smtps://host:465 uses TLS from the start',
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

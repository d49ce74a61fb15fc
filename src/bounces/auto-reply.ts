import type { Headers } from '@zone-eu/mailsplit';

/**
 * Subjects of out-of-office and other automatic replies in the languages we meet most.
 * Only consulted after the headers: a subject alone is a hint, a header is a statement.
 */
const AUTO_SUBJECT =
  /^(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|auto:|out of (?:the )?office|abwesenheit|automatische antwort|r[ée]ponse automatique|absence|fuera de la oficina|respuesta autom[áa]tica|risposta automatica|fuori ufficio|afwezig|automatisch antwoord|vacation|on vacation|urlaub)/i;

/**
 * Why a message is an automatic reply (RFC 3834 and the headers mail programs use instead),
 * or undefined. Call it after the DSN and ARF checks: bounces carry `Auto-Submitted` too.
 * `autoReplySign(headers)` → `'Auto-Submitted: auto-replied'`
 */
export function autoReplySign(headers: Headers): string | undefined {
  const autoSubmitted = headers.getFirst('auto-submitted').toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted.split(/[;\s]/)[0]}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    const value = headers.getFirst(name);
    if (value && !/^no\b/i.test(value)) return `${headerName(name)}: ${value}`;
  }
  const suppress = headers.getFirst('x-auto-response-suppress');
  const precedence = (headers.getFirst('precedence') || headers.getFirst('x-precedence')).toLowerCase();
  if (/^(auto_reply|auto-reply)$/.test(precedence)) return `Precedence: ${precedence}`;
  const subject = headers.getFirst('subject').trim();
  if (AUTO_SUBJECT.test(subject)) return `Subject: ${subject}`;
  // bulk or junk precedence, or Exchange's suppress header, on a message to the return path: automatic
  if (/^(bulk|junk|list)$/.test(precedence)) return `Precedence: ${precedence}`;
  if (suppress && /\b(all|oof|autoreply)\b/i.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  return undefined;
}

function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()).replace(/^X-Auto/, 'X-Auto');
}

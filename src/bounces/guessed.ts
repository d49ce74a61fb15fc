import { statusCode } from './delivery-status.js';
import type { RecipientStatus } from './types.js';

/** Senders that are mail systems, not people. */
const SYSTEM_SENDER = /^(mailer-daemon|mail-daemon|mailerdaemon|postmaster|mdaemon|mail delivery (sub)?system)\b/i;
/** Subjects mail servers give their own, non-standard bounces. */
const BOUNCE_SUBJECT =
  /(undeliver(able|ed)|delivery (status notification|failure|has failed|failed)|mail delivery failed|returned mail|failure notice|could not be delivered|nicht zustellbar|unzustellbar|non remis|non recapitabile|no se puede entregar)/i;

/** Phrases of common servers, with the status they stand for when the text gives none. */
const PHRASES: [RegExp, string][] = [
  [/(user|mailbox|recipient|address)\s+(is\s+)?(unknown|not found|does not exist|doesn't exist|unavailable|invalid)|no such (user|mailbox|recipient)|unknown (user|recipient|mailbox)|benutzer unbekannt|existiert nicht/i, '5.1.1'],
  [/(host|domain) (not found|unknown)|no mx|unrouteable|unroutable/i, '5.1.2'],
  [/(account|mailbox) (has been )?(disabled|deactivated|suspended|closed)/i, '5.2.1'],
  [/(mailbox|quota|storage) (is )?(full|exceeded)|over quota|postfach (ist )?voll/i, '4.2.2'],
  [/(spam|blocked|blacklist|blocklist|policy|reputation|not permitted|denied)/i, '5.7.1'],
];
const DELAYED = /(delayed|will (keep|continue) trying|still trying|has not (yet )?been delivered|noch nicht zugestellt|retry(ing)? (until|for))/i;
const ADDRESS = /<?([A-Za-z0-9._%+'=!#$&*/?^`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?/g;

/**
 * A bounce in a mail server's own words (qmail, older Exim and Exchange, hosting panels):
 * only when the sender or the subject says it is one, and the text has a status, a reply
 * code or a known phrase. A last resort, reported as "guessed". The addresses in
 * `ownAddresses` (the return path) are never taken for the failed recipient.
 */
export function guessBounce(input: { from?: string; subject?: string; text: string; ownDomains: string[] }): { statuses: RecipientStatus[]; line: string } | undefined {
  const fromSystem = SYSTEM_SENDER.test((input.from ?? '').replace(/^"?/, '')) || /^(mailer-daemon|postmaster)@/i.test(extractAddress(input.from ?? '') ?? '');
  if (!fromSystem && !BOUNCE_SUBJECT.test(input.subject ?? '')) return undefined;
  const text = input.text.replace(/\r\n/g, '\n');
  // the part before the returned message: the server's own explanation
  const explanation = text.split(/\n-{2,}.*(original message|returned message|message header|undelivered message).*\n|\n(Original message|Return-Path:|Received:)/i)[0] ?? text;
  const lines = explanation.split('\n');
  let status: string | undefined;
  let line: string | undefined;
  for (const candidate of lines) {
    const found = statusCode(candidate.match(/\b[45]\d\d[ -]([245]\.\d{1,3}\.\d{1,3})/)?.[0]) ?? statusCode(candidate.match(/#?([245]\.\d{1,3}\.\d{1,3})\b/)?.[0]);
    if (found) {
      status = found;
      line = candidate.trim();
      break;
    }
  }
  if (!status) {
    for (const [pattern, code] of PHRASES) {
      const hit = lines.find((l) => pattern.test(l));
      if (hit) {
        status = code;
        line = hit.trim();
        break;
      }
    }
  }
  if (!status && !DELAYED.test(explanation)) return undefined;
  const own = input.ownDomains.map((d) => d.toLowerCase());
  const recipient = [...explanation.matchAll(ADDRESS)]
    .map((m) => m[1].toLowerCase())
    .find((address) => !own.includes(address.slice(address.lastIndexOf('@') + 1)) && !/^(mailer-daemon|postmaster)@/.test(address));
  const delayed = DELAYED.test(explanation) && !(status && status.startsWith('5.'));
  return {
    statuses: [
      {
        action: delayed ? 'delayed' : 'failed',
        ...(recipient ? { recipient } : {}),
        ...(status ? { status } : {}),
        ...(line ? { diagnostic: line.slice(0, 300) } : {}),
      },
    ],
    line: (line ?? explanation.trim().split('\n')[0] ?? '').slice(0, 200),
  };
}

function extractAddress(value: string): string | undefined {
  return [...value.matchAll(ADDRESS)][0]?.[1];
}

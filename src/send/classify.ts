import type { TransportFailure } from './types.js';

/** What deliverIssue does with a failed hand-over. */
export type FailureAction = 'retry' | 'fail' | 'bounce' | 'unknown' | 'stop';

export interface FailureVerdict {
  action: FailureAction;
  /** 421: the server asks us to go slower for a while. */
  slowDown: boolean;
  /** Short, stable explanation for the journal and the report, e.g. `mailbox does not exist (5.1.1)`. */
  reason: string;
  /** For `stop`: why the whole run must end; `sender` = the server refused the envelope sender, not the reader. */
  stop?: 'auth' | 'tls' | 'sender';
  /** True when the failure is about the connection (no reply at all): counts towards the pause. */
  connection: boolean;
}

const TRANSIENT_CODES = new Set([421, 450, 451, 452]);
const AUTH_CODES = new Set([530, 534, 535, 538]);
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

/** `5.1.1` out of `550 5.1.1 <x@y>: Recipient address rejected`, if the reply carries one. */
export function enhancedStatus(response: string | undefined): string | undefined {
  return response?.match(/^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/)?.[1];
}

/**
 * RFC 3463 statuses that name the sender, not the recipient: 5.1.7 bad sender mailbox
 * syntax, 5.1.8 bad sender system address (Exchange Online's "bad outbound sender").
 */
const SENDER_STATUS = /^[45]\.1\.[78]$/;

/**
 * Replies of relays that count: "too many messages", "rate limit exceeded", Exchange
 * Online's SubmissionQuotaExceeded and "sender thread limit", "daily sending quota".
 */
const RATE_LIMITED = /too many (?:messages|mails|e-?mails|submissions)|rate[ -]?limit|sending (?:rate|limit|quota)|quota (?:exceeded|reached)|(?:daily|hourly) (?:sending )?(?:limit|quota)|SubmissionQuotaExceeded|thread limit|throttl/i;

/** A failure about the login: refused (535, 534, 538), or asked for and not given (530, RFC 4954). */
export function isLoginFailure(failure: TransportFailure): boolean {
  return failure.code === 'EAUTH' || (failure.responseCode !== undefined && AUTH_CODES.has(failure.responseCode));
}

/**
 * Decides what a failed hand-over means; pure. A server reply decides first (a reply is a
 * definite answer, even to the final dot); without a reply, whether the message's last
 * byte went out decides between "safe to retry" and "unknown". A refused sender (a 5xx to
 * MAIL FROM, or 5.1.7/5.1.8 anywhere) stops the run and suppresses nobody; a relay's rate
 * limit or quota ("too many messages", 4.7.28) halves the pace and keeps the reader pending.
 *
 * @example classifyFailure({ responseCode: 550, response: '550 5.1.1 no such user', handedOver: false, message: '' })
 *   // → { action: 'bounce', slowDown: false, reason: 'mailbox does not exist (5.1.1)', connection: false }
 */
export function classifyFailure(failure: TransportFailure): FailureVerdict {
  const code = failure.responseCode;
  if (isLoginFailure(failure)) {
    return { action: 'stop', slowDown: false, reason: 'authentication failed', stop: 'auth', connection: false };
  }
  if (failure.code === 'ETLS' || failure.code === 'EREQUIRETLS') {
    return { action: 'stop', slowDown: false, reason: 'TLS failed', stop: 'tls', connection: false };
  }
  const status = enhancedStatus(failure.response);
  // a permanent refusal of MAIL FROM, or any reply naming the sender, is the sender's problem:
  // every reader would meet it, so none of them may be suppressed for it (RFC 5321 4.2.2 / RFC 3463)
  if ((code !== undefined && code >= 500 && code < 600 && failure.command === 'MAIL FROM') || (status !== undefined && SENDER_STATUS.test(status))) {
    return { action: 'stop', slowDown: false, reason: `the server refused the sender address (${status ?? code})`, stop: 'sender', connection: false };
  }
  // a relay's rate limit or quota is no fault of the reader, even as a 5xx: slow down, try again later
  if (code !== undefined && code >= 400 && code < 600 && code !== 421 && (RATE_LIMITED.test(failure.response ?? '') || status === '4.7.28')) {
    return { action: 'retry', slowDown: true, reason: `the server limits how much we send, slowing down (${status ?? code})`, connection: false };
  }
  if (code !== undefined && code >= 400 && code < 500) {
    const slowDown = code === 421;
    if (TRANSIENT_CODES.has(code)) {
      return { action: 'retry', slowDown, reason: slowDown ? 'server busy, slowing down (421)' : `deferred by the server (${code})`, connection: false };
    }
    // any other 4xx is temporary by definition (RFC 5321 4.2.1)
    return { action: 'retry', slowDown: false, reason: `deferred by the server (${code})`, connection: false };
  }
  if (code !== undefined && code >= 500 && code < 600) {
    if (status?.startsWith('5.1.')) {
      return { action: 'bounce', slowDown: false, reason: `mailbox does not exist (${status})`, connection: false };
    }
    return { action: 'fail', slowDown: false, reason: `refused by the server (${status ?? code})`, connection: false };
  }
  if (failure.handedOver) {
    return { action: 'unknown', slowDown: false, reason: 'connection lost after the whole message was sent, before the reply', connection: true };
  }
  if (failure.code !== undefined && CONNECTION_CODES.has(failure.code)) {
    return { action: 'retry', slowDown: false, reason: 'connection lost before the message was handed over', connection: true };
  }
  if (failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE') {
    // refused without a reply code: nodemailer's own check of the envelope or the message
    return { action: 'fail', slowDown: false, reason: `message refused (${failure.code})`, connection: false };
  }
  // anything else that happened before the hand-over is safe to try again
  return { action: 'retry', slowDown: false, reason: 'failed before the message was handed over', connection: true };
}

import { classifyFailure, enhancedStatus } from '../../src/send/classify.js';
import type { TransportFailure } from '../../src/send/types.js';

const reply = (response: string, command = 'RCPT TO', handedOver = false): TransportFailure => ({
  responseCode: Number(response.slice(0, 3)),
  response,
  command,
  code: command === 'DATA' ? 'EMESSAGE' : 'EENVELOPE',
  handedOver,
  message: response,
});
const lost = (code: string, handedOver: boolean, command = 'CONN'): TransportFailure => ({ code, command, handedOver, message: 'lost' });

describe('classifyFailure', () => {
  const table: [string, TransportFailure, { action: string; slowDown: boolean; reason: string; stop?: string; connection: boolean }][] = [
    ['421 to RCPT TO', reply('421 4.7.0 too many connections, slow down'), { action: 'retry', slowDown: true, reason: 'server busy, slowing down (421)', connection: false }],
    ['451 "too many messages": the relay\'s limit', reply('451 4.7.0 Too many messages, slow down', 'MAIL FROM'), { action: 'retry', slowDown: true, reason: 'the server limits how much we send, slowing down (4.7.0)', connection: false }],
    ['Gmail\'s 4.7.28 rate limit', reply('450 4.7.28 Our system has detected an unusual rate of unsolicited mail', 'DATA'), { action: 'retry', slowDown: true, reason: 'the server limits how much we send, slowing down (4.7.28)', connection: false }],
    ['a daily quota as a 5xx is not the reader\'s fault', reply('554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException', 'DATA'), { action: 'retry', slowDown: true, reason: 'the server limits how much we send, slowing down (5.2.0)', connection: false }],
    ['550 "daily sending quota exceeded"', reply('550 5.4.5 Daily sending quota exceeded'), { action: 'retry', slowDown: true, reason: 'the server limits how much we send, slowing down (5.4.5)', connection: false }],
    ['450 mailbox busy', reply('450 4.2.1 mailbox busy'), { action: 'retry', slowDown: false, reason: 'deferred by the server (450)', connection: false }],
    ['451 greylisted', reply('451 4.7.1 greylisted, come back later'), { action: 'retry', slowDown: false, reason: 'deferred by the server (451)', connection: false }],
    ['452 to MAIL FROM', reply('452 4.3.1 insufficient storage', 'MAIL FROM'), { action: 'retry', slowDown: false, reason: 'deferred by the server (452)', connection: false }],
    ['451 after the final dot is still a definite answer', reply('451 4.3.0 try later', 'DATA', false), { action: 'retry', slowDown: false, reason: 'deferred by the server (451)', connection: false }],
    ['other 4xx', reply('454 4.7.0 temporary failure'), { action: 'retry', slowDown: false, reason: 'deferred by the server (454)', connection: false }],
    ['550 5.1.1', reply('550 5.1.1 <x@example.org>: user unknown'), { action: 'bounce', slowDown: false, reason: 'mailbox does not exist (5.1.1)', connection: false }],
    ['553 5.1.3 bad address syntax', reply('553 5.1.3 bad destination syntax'), { action: 'bounce', slowDown: false, reason: 'mailbox does not exist (5.1.3)', connection: false }],
    ['550 5.7.1 policy', reply('550 5.7.1 message rejected as spam'), { action: 'fail', slowDown: false, reason: 'refused by the server (5.7.1)', connection: false }],
    ['554 without enhanced status', reply('554 transaction failed', 'DATA'), { action: 'fail', slowDown: false, reason: 'refused by the server (554)', connection: false }],
    ['552 to the message', reply('552 5.3.4 message too big', 'DATA'), { action: 'fail', slowDown: false, reason: 'refused by the server (5.3.4)', connection: false }],
    ['553 5.1.8 at MAIL FROM: the sender, not the reader', reply('553 5.1.8 <news@example.org>: Sender address rejected', 'MAIL FROM'), { action: 'stop', slowDown: false, reason: 'the server refused the sender address (5.1.8)', stop: 'sender', connection: false }],
    ["Exchange Online's bad outbound sender after RCPT TO", reply('550 5.1.8 Access denied, bad outbound sender', 'RCPT TO'), { action: 'stop', slowDown: false, reason: 'the server refused the sender address (5.1.8)', stop: 'sender', connection: false }],
    ['5.1.7 bad sender syntax', reply('501 5.1.7 bad sender address syntax', 'MAIL FROM'), { action: 'stop', slowDown: false, reason: 'the server refused the sender address (5.1.7)', stop: 'sender', connection: false }],
    ['550 without enhanced status at MAIL FROM', reply('550 sender not allowed', 'MAIL FROM'), { action: 'stop', slowDown: false, reason: 'the server refused the sender address (550)', stop: 'sender', connection: false }],
    ['5.7.1 at MAIL FROM is the sender too', reply('550 5.7.1 not authorised to send as this address', 'MAIL FROM'), { action: 'stop', slowDown: false, reason: 'the server refused the sender address (5.7.1)', stop: 'sender', connection: false }],
    ['450 4.1.8 sender domain not found: stop, every reader would meet it', reply('450 4.1.8 <news@example.org>: Sender address rejected: Domain not found', 'MAIL FROM'), { action: 'stop', slowDown: false, reason: 'the server refused the sender address (4.1.8)', stop: 'sender', connection: false }],
    ['535 authentication', reply('535 5.7.8 authentication failed', 'AUTH PLAIN'), { action: 'stop', slowDown: false, reason: 'authentication failed', stop: 'auth', connection: false }],
    ['530 authentication required', reply('530 5.7.0 authentication required', 'MAIL FROM'), { action: 'stop', slowDown: false, reason: 'authentication failed', stop: 'auth', connection: false }],
    ['EAUTH without reply', lost('EAUTH', false, 'AUTH PLAIN'), { action: 'stop', slowDown: false, reason: 'authentication failed', stop: 'auth', connection: false }],
    ['ETLS', lost('ETLS', false, 'STARTTLS'), { action: 'stop', slowDown: false, reason: 'TLS failed', stop: 'tls', connection: false }],
    ['connection refused', lost('ECONNECTION', false), { action: 'retry', slowDown: false, reason: 'connection lost before the message was handed over', connection: true }],
    ['timeout before the body', lost('ETIMEDOUT', false), { action: 'retry', slowDown: false, reason: 'connection lost before the message was handed over', connection: true }],
    ['connection lost after the last byte', lost('ECONNECTION', true), { action: 'unknown', slowDown: false, reason: 'connection lost after the whole message was sent, before the reply', connection: true }],
    ['timeout after the last byte', lost('ETIMEDOUT', true), { action: 'unknown', slowDown: false, reason: 'connection lost after the whole message was sent, before the reply', connection: true }],
    ['envelope refused by nodemailer itself', lost('EENVELOPE', false, 'API'), { action: 'fail', slowDown: false, reason: 'message refused (EENVELOPE)', connection: false }],
    ['unexplained failure before hand-over', { handedOver: false, message: 'boom' }, { action: 'retry', slowDown: false, reason: 'failed before the message was handed over', connection: true }],
  ];

  it.each(table)('%s', (_name, failure, expected) => {
    expect(classifyFailure(failure)).toEqual(expected);
  });
});

describe('enhancedStatus', () => {
  it.each([
    ['550 5.1.1 user unknown', '5.1.1'],
    ['250 2.0.0 Ok: queued', '2.0.0'],
    ['550-5.1.1 multi-line', '5.1.1'],
    ['554 transaction failed', undefined],
    [undefined, undefined],
  ])('%s → %s', (response, status) => {
    expect(enhancedStatus(response)).toBe(status);
  });
});

import { Readable } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { FastDataConnection } from './smtp-data.js';
import { parseSmtpUrl, type SmtpAddress } from './smtp-url.js';
import { TransportError } from './transport-error.js';
import type { OutgoingMessage, Transport, TransportFailure, TransportReply } from './types.js';

export interface SmtpTransportOptions {
  /** `smtp://user:pass@host:587` or `smtps://host:465`. */
  url: string;
  /** Connections kept open at once; deliverIssue never has more messages in flight. */
  concurrency?: number;
  timeouts?: { connectionMs?: number; greetingMs?: number; socketMs?: number };
  /** Extra TLS options: `ca` (a relay's own CA), `minVersion`, or `{ rejectUnauthorized: false }` against a test server. */
  tls?: ConnectionOptions;
  /**
   * Log in without TLS when the server offers no STARTTLS. Off: with a login in the URL,
   * `smtp://` requires STARTTLS, except for a server on this machine (`localhost`, `127.0.0.1`, `::1`).
   */
  insecurePlaintextLogin?: boolean;
  /** Name sent with EHLO. */
  name?: string;
  /** A connection is closed and opened again after this many messages; default 100. */
  maxMessagesPerConnection?: number;
}

/** Bytes per chunk handed to the connection: lets us see how much of the message was taken. */
const CHUNK = 64 * 1024;

interface Link {
  smtp: SMTPConnection;
  alive: boolean;
  messages: number;
}

type NodemailerError = Error & { code?: string; originalCode?: string; response?: string; responseCode?: number; command?: string };

/** Node's codes for a certificate or handshake that failed: nodemailer wraps them as ESOCKET. */
const TLS_ERROR = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|HANDSHAKE/;

/**
 * SMTP through nodemailer's `SMTPConnection` and a small pool of our own: unlike the
 * pool transport, each failure says which SMTP step failed and whether the message's last
 * byte had gone out (`handedOver`), and nothing is ever re-queued behind the journal's back.
 */
export function createSmtpTransport(options: SmtpTransportOptions): Transport {
  const address = parseSmtpUrl(options.url);
  const size = Math.max(1, options.concurrency ?? 4);
  const maxMessages = options.maxMessagesPerConnection ?? 100;
  const idle: Link[] = [];
  const waiting: ((link: Link | undefined) => void)[] = [];
  let open = 0;
  let closed = false;

  const connectOptions = (): SMTPConnection.Options => ({
    host: address.host,
    port: address.port,
    secure: address.secure,
    // a password never crosses the network in clear: STARTTLS or nothing
    requireTLS: Boolean(address.auth) && !address.secure && !address.loopback && !options.insecurePlaintextLogin,
    connectionTimeout: options.timeouts?.connectionMs ?? 30_000,
    greetingTimeout: options.timeouts?.greetingMs ?? 30_000,
    socketTimeout: options.timeouts?.socketMs ?? 60_000,
    ...(options.name ? { name: options.name } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    logger: false,
  });

  async function acquire(): Promise<Link> {
    while (idle.length > 0) {
      const link = idle.pop()!;
      if (link.alive) return link;
      open--;
    }
    if (open < size) {
      open++;
      try {
        return await connect(address, connectOptions());
      } catch (error) {
        open--;
        wakeOne();
        throw error;
      }
    }
    const link = await new Promise<Link | undefined>((resolve) => waiting.push(resolve));
    return link ?? acquire();
  }

  /** A waiting sender gets this link, or (undefined) the chance to open one. */
  function wakeOne(link?: Link): boolean {
    const next = waiting.shift();
    if (!next) return false;
    next(link);
    return true;
  }

  function release(link: Link, reusable: boolean): void {
    // the caller commits the outcome before this connection takes its next message
    setImmediate(() => {
      if (!reusable || !link.alive || closed || link.messages >= maxMessages) {
        discard(link);
        open--;
        wakeOne();
        return;
      }
      if (!wakeOne(link)) idle.push(link);
    });
  }

  return {
    destination: address.destination,
    async verify() {
      const link = await connect(address, connectOptions());
      discard(link);
    },
    async send(message: OutgoingMessage): Promise<TransportReply> {
      if (closed) throw new TransportError({ handedOver: false, code: 'ECONNECTION', command: 'API', message: 'the transport is closed' });
      const link = await acquire();
      try {
        const response = await sendOn(link, message);
        // the server answered the final dot: every byte was written, the buffer is free
        message.release?.();
        link.messages++;
        release(link, true);
        return { response };
      } catch (error) {
        const failure = (error as TransportError).failure;
        // a refused envelope or message leaves a usable session once it is reset
        const reusable = link.alive && (failure?.code === 'EENVELOPE' || failure?.code === 'EMESSAGE') && (await reset(link));
        release(link, reusable);
        throw error;
      }
    },
    async close() {
      closed = true;
      while (idle.length > 0) discard(idle.pop()!);
      for (const wake of waiting.splice(0)) wake(undefined);
    },
  };
}

function toFailure(error: NodemailerError, handedOver: boolean): TransportFailure {
  return {
    ...(error.responseCode ? { responseCode: error.responseCode } : {}),
    ...(error.response ? { response: error.response } : {}),
    ...(error.command ? { command: error.command } : {}),
    ...(error.code ? { code: error.originalCode && TLS_ERROR.test(error.originalCode) ? 'ETLS' : error.code } : {}),
    // a reply, even to the final dot, is a definite answer; only silence after the last byte is unknown
    handedOver: handedOver && !error.responseCode,
    message: error.message,
  };
}

/** Opens, says EHLO (STARTTLS when offered), logs in when the URL has a user. */
function connect(address: SmtpAddress, options: SMTPConnection.Options): Promise<Link> {
  return new Promise((resolve, reject) => {
    const smtp = new FastDataConnection(options);
    const link: Link = { smtp, alive: true, messages: 0 };
    let settled = false;
    const fail = (error: NodemailerError) => {
      link.alive = false;
      if (settled) return;
      settled = true;
      smtp.close();
      reject(new TransportError(toFailure(Object.assign(error, { command: error.command ?? 'CONN' }), false)));
    };
    smtp.on('error', (error: NodemailerError) => fail(error));
    smtp.on('end', () => {
      link.alive = false;
      if (!settled) fail(Object.assign(new Error('connection closed before the session started'), { code: 'ECONNECTION' }));
    });
    smtp.connect((error) => {
      if (error) return fail(error as NodemailerError);
      if (!address.auth) {
        settled = true;
        return resolve(link);
      }
      smtp.login({ user: address.auth.user, pass: address.auth.pass }, (loginError) => {
        if (loginError) return fail(loginError as NodemailerError);
        settled = true;
        resolve(link);
      });
    });
  });
}

/** One message on one connection; the failure says whether the whole message had gone out. */
function sendOn(link: Link, message: OutgoingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let consumed = false;
    const body = Readable.from(chunks(message.raw), { objectMode: false });
    body.once('end', () => (consumed = true));
    link.smtp.send(
      { from: message.envelope.from, to: [message.envelope.to], size: message.raw.length },
      body,
      (error, info) => {
        if (error) {
          reject(new TransportError(toFailure(error as NodemailerError, consumed)));
        } else {
          resolve(info.response);
        }
      },
    );
  });
}

function* chunks(raw: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < raw.length; offset += CHUNK) yield raw.subarray(offset, offset + CHUNK);
}

function reset(link: Link): Promise<boolean> {
  return new Promise((resolve) => {
    if (!link.alive) return resolve(false);
    link.smtp.reset((error) => resolve(!error));
  });
}

function discard(link: Link): void {
  link.alive = false;
  try {
    link.smtp.quit();
  } catch {
    link.smtp.close();
  }
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 and a free port, for tests and the
 * benchmark: it records every message it accepts and can be scripted, per recipient and
 * SMTP step, to answer 4xx/5xx or to drop the connection.
 *
 *   const sink = await startSmtpSink();
 *   sink.script({ to: 'b@example.org', at: 'RCPT TO', reply: '451 4.3.0 try again', times: 2 });
 *   sink.script({ to: /c@/, at: 'MESSAGE', drop: true });  // dropped after the final dot, before the reply
 *   … send to sink.url …
 *   sink.copiesTo('a@example.org');  // → 1
 *   await sink.close();
 */
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/**
 * Where a rule strikes:
 * - `MAIL FROM`, `RCPT TO`: answer the command with `reply`, or drop without answering;
 * - `DATA`: drop when the client sends DATA, before the 354 (the body never leaves the client);
 * - `BODY`: drop as soon as the first bytes of the body arrive (before the final dot);
 * - `MESSAGE`: after the final dot: answer with `reply`, or drop before the reply
 *   (`deliver: true` keeps the message, as a server that accepted it and lost the line would).
 */
export type SinkStep = 'MAIL FROM' | 'RCPT TO' | 'DATA' | 'BODY' | 'MESSAGE';

export interface SinkRule {
  /** A recipient address (case-insensitive) or pattern; absent: every message. */
  to?: string | RegExp;
  at: SinkStep;
  /** An SMTP reply such as `550 5.1.1 no such user`; not with `drop`. */
  reply?: string;
  /** Close the connection without a reply. */
  drop?: boolean;
  /** With `at: 'MESSAGE'` and `drop`: record the message as received all the same. */
  deliver?: boolean;
  /** How many times the rule strikes before it is used up; default: always. */
  times?: number;
}

export interface SinkMessage {
  from: string;
  to: string[];
  /** The bytes as received (dot-stuffing undone); only the header block with `keepBodies: false`. */
  raw: Buffer;
  /** The Message-ID header's value, angle brackets included, if present. */
  messageId?: string;
  /** The session (connection) it came on. */
  session: string;
}

export interface SmtpSinkOptions {
  /** Require this login (AUTH PLAIN/LOGIN). */
  auth?: { user: string; pass: string };
  /** TLS from the start (smtps); the client needs `tls: { rejectUnauthorized: false }`. */
  secure?: boolean;
  /** Offer STARTTLS (off by default, so plain smtp:// clients need no TLS options); off, the command is refused too. */
  starttls?: boolean;
  /** The certificate for TLS (PEM); default: smtp-server's own (self-signed and expired). */
  tls?: { key: string; cert: string };
  /** The address to listen on; default 127.0.0.1 (another 127.x address is not loopback by name). */
  host?: string;
  rules?: SinkRule[];
  /** Delay before answering each final dot, to keep messages in flight a little. */
  replyDelayMs?: number;
  /**
   * Called once the final dot of a message has arrived, before the reply (and its delay): a
   * promise it returns holds the reply until it settles. A test holds the sender's messages
   * in flight with it, so no new hand-over starts meanwhile.
   */
  beforeReply?(message: SinkMessage): Promise<void> | void;
  /** Keep whole messages (default); false keeps only the header block, for big benchmark runs. */
  keepBodies?: boolean;
}

export interface SmtpSink {
  readonly port: number;
  /** `smtp://127.0.0.1:PORT` (`smtps://` when secure), with the user and password when `auth` is set. */
  readonly url: string;
  /** Every accepted message, in order of acceptance. */
  readonly messages: SinkMessage[];
  /** Connections opened so far. */
  readonly connections: number;
  /** Logins tried, and whether each came over TLS. */
  readonly logins: { user: string; secure: boolean }[];
  /** Adds a rule; the first matching rule that is not used up strikes. */
  script(rule: SinkRule): void;
  clearRules(): void;
  /** Accepted messages addressed to this recipient. */
  received(to: string): SinkMessage[];
  /** How many copies this recipient got. */
  copiesTo(to: string): number;
  /** Recipient (lower-cased) → number of copies. */
  copiesByRecipient(): Map<string, number>;
  close(): Promise<void>;
}

interface LiveRule extends SinkRule {
  left: number;
}

const smtpError = (reply: string) => {
  const code = Number(reply.slice(0, 3));
  return Object.assign(new Error(reply.slice(4)), { responseCode: code });
};

/** Starts the sink and resolves once it listens. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const rules: LiveRule[] = [];
  const messages: SinkMessage[] = [];
  const logins: { user: string; secure: boolean }[] = [];
  let connections = 0;
  const add = (rule: SinkRule) => rules.push({ ...rule, left: rule.times ?? Infinity });
  for (const rule of options.rules ?? []) add(rule);

  const matches = (rule: LiveRule, step: SinkStep, recipients: string[]) =>
    rule.at === step &&
    rule.left > 0 &&
    (rule.to === undefined ||
      recipients.some((r) => (typeof rule.to === 'string' ? r.toLowerCase() === rule.to.toLowerCase() : rule.to!.test(r))));
  /** The rule that strikes now, used up by one. */
  const strike = (step: SinkStep, recipients: string[]): LiveRule | undefined => {
    const rule = rules.find((r) => matches(r, step, recipients));
    if (rule) rule.left--;
    return rule;
  };

  let server: SMTPServer;
  const drop = (session: SMTPServerSession) => {
    for (const connection of server.connections) {
      const c = connection as unknown as { id: string; _socket: Socket };
      if (c.id === session.id) c._socket.destroy();
    }
  };

  server = new SMTPServer({
    secure: options.secure ?? false,
    hideSTARTTLS: !options.starttls,
    // not offered means refused: a client that insists on STARTTLS gets an error, as from a real server without it
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(options.starttls || options.secure ? [] : ['STARTTLS'])],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, session, callback) {
      logins.push({ user: auth.username ?? '', secure: Boolean(session.secure) });
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        return callback(null, { user: auth.username });
      }
      callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onMailFrom(address, session, callback) {
      const rule = strike('MAIL FROM', []);
      if (rule?.drop) return drop(session);
      callback(rule?.reply ? smtpError(rule.reply) : undefined);
    },
    onRcptTo(address, session, callback) {
      const rule = strike('RCPT TO', [address.address]);
      if (rule?.drop) return drop(session);
      callback(rule?.reply ? smtpError(rule.reply) : undefined);
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((a) => a.address);
      // called before the 354 goes out: dropping here means the client never sent the body
      if (strike('DATA', to)?.drop) return drop(session);
      const bodyRule = strike('BODY', to);
      if (bodyRule?.drop) {
        stream.once('data', () => drop(session));
        stream.resume();
        return;
      }
      const parts: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => parts.push(chunk));
      stream.on('end', () => {
        const whole = Buffer.concat(parts);
        const headerEnd = whole.indexOf('\r\n\r\n');
        // a copy, so the body's memory is not kept alive by a view into it
        const raw = options.keepBodies === false && headerEnd >= 0 ? Buffer.from(whole.subarray(0, headerEnd + 4)) : whole;
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const message: SinkMessage = { from, to, raw, session: session.id, ...headerMessageId(raw) };
        const rule = strike('MESSAGE', to);
        const finish = () => {
          if (rule?.drop) {
            if (rule.deliver) messages.push(message);
            return drop(session);
          }
          if (rule?.reply) return callback(smtpError(rule.reply));
          messages.push(message);
          callback(null, `2.0.0 Ok: queued as ${messages.length}`);
        };
        const reply = () => (options.replyDelayMs ? setTimeout(finish, options.replyDelayMs) : finish());
        const held = options.beforeReply?.(message);
        if (held) void held.then(reply, reply);
        else reply();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as { port: number }).port;
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  const copiesByRecipient = () => {
    const counts = new Map<string, number>();
    for (const m of messages) for (const r of m.to) counts.set(r.toLowerCase(), (counts.get(r.toLowerCase()) ?? 0) + 1);
    return counts;
  };

  return {
    port,
    url: `${options.secure ? 'smtps' : 'smtp'}://${credentials}${options.host ?? '127.0.0.1'}:${port}`,
    messages,
    get connections() {
      return connections;
    },
    logins,
    script: add,
    clearRules: () => void rules.splice(0),
    received: (to) => messages.filter((m) => m.to.some((r) => r.toLowerCase() === to.toLowerCase())),
    copiesTo: (to) => copiesByRecipient().get(to.toLowerCase()) ?? 0,
    copiesByRecipient,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of server.connections) (connection as unknown as { _socket: Socket })._socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function headerMessageId(raw: Buffer): { messageId?: string } {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  const match = head.match(/^message-id:[ \t]*(.+)$/im);
  return match ? { messageId: match[1].trim() } : {};
}

/** A `startSmtpSink` whose sinks the test file closes after each test: call once at the top of a file. */
export function sinksClosedAfterEach(): (options?: SmtpSinkOptions) => Promise<SmtpSink> {
  const started: SmtpSink[] = [];
  afterEach(async () => {
    for (const sink of started.splice(0)) await sink.close();
  });
  return async (options) => {
    const sink = await startSmtpSink(options);
    started.push(sink);
    return sink;
  };
}

import { ImapFlow } from 'imapflow';
import type { Mailbox, MailboxMessage } from './mailbox.js';

/** The keyword a processed message carries (beside \Seen), so a person sees why it moved. */
export const PROCESSED_KEYWORD = '$NewsletterProcessed';

/** What an `imaps://user:pass@host:993/INBOX` URL names. */
export interface ImapAddress {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** Reads an IMAP URL; undefined parts are filled with the defaults (993 for imaps, 143 for imap, INBOX). Throws on a URL of another kind. */
export function parseImapUrl(url: string): ImapAddress {
  const parsed = new URL(url);
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'imap' && scheme !== 'imaps') throw new Error(`not an imap:// or imaps:// URL: ${redactImapUrl(url)}`);
  if (!parsed.hostname) throw new Error('the IMAP URL names no host');
  if (!parsed.username) throw new Error('the IMAP URL names no user (imaps://user:password@host/INBOX)');
  const secure = scheme === 'imaps';
  const path = decodeURIComponent(parsed.pathname.replace(/^\/+/, ''));
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox: path === '' ? 'INBOX' : path,
  };
}

/** The URL without its password, for messages: `imaps://news@mail.example.org/INBOX`. */
export function redactImapUrl(url: string): string {
  return url.replace(/^(imaps?:\/\/[^:@/]*):[^@/]*@/i, '$1@');
}

/**
 * An IMAP mailbox through imapflow. Messages are read with BODY.PEEK (no \Seen); a
 * processed one gets \Seen and our keyword and is moved (MOVE, or COPY + EXPUNGE of that
 * one message where the server lacks MOVE) to `processedFolder`, created when missing.
 */
export function openImapMailbox(url: string, processedFolder: string, options: { tls?: { rejectUnauthorized?: boolean } } = {}): Mailbox {
  const address = parseImapUrl(url);
  let client: ImapFlow | undefined;
  let release: (() => void) | undefined;
  let uids: number[] | undefined;

  const open = async (): Promise<ImapFlow> => {
    if (client) return client;
    const flow = new ImapFlow({
      host: address.host,
      port: address.port,
      secure: address.secure,
      auth: { user: address.user, pass: address.pass },
      logger: false,
      ...(options.tls ? { tls: options.tls } : {}),
    });
    // a dropped connection must reject the current command, not crash the process
    flow.on('error', () => undefined);
    await flow.connect();
    const lock = await flow.getMailboxLock(address.mailbox, { readOnly: false });
    release = () => lock.release();
    client = flow;
    return flow;
  };
  const list = async (): Promise<number[]> => {
    if (uids) return uids;
    const flow = await open();
    const found = await flow.search({ all: true }, { uid: true });
    return (uids = (found || []).sort((a, b) => a - b));
  };

  return {
    description: redactImapUrl(url),
    movesProcessed: true,
    count: async () => (await list()).length,
    async *messages(): AsyncGenerator<MailboxMessage> {
      const flow = await open();
      for (const uid of await list()) {
        const message = await flow.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (message && message.source) yield { id: String(uid), raw: message.source };
      }
    },
    async markProcessed(ids) {
      if (ids.length === 0) return;
      const flow = await open();
      const range = ids.join(',');
      await flow.messageFlagsAdd(range, ['\\Seen', PROCESSED_KEYWORD], { uid: true });
      const folders = await flow.list();
      if (!folders.some((f) => f.path === processedFolder)) await flow.mailboxCreate(processedFolder);
      await flow.messageMove(range, processedFolder, { uid: true });
    },
    async close() {
      release?.();
      if (client) await client.logout().catch(() => client?.close());
      client = undefined;
    },
  };
}

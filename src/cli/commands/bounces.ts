import { UsageError, UserError } from '../../errors.js';
import { processBounces } from '../../bounces/process.js';
import { openImapMailbox, redactImapUrl } from '../../bounces/sources/imap.js';
import { openEmlFiles, openStdinMessage } from '../../bounces/sources/files.js';
import { openMaildir } from '../../bounces/sources/maildir.js';
import { openMbox } from '../../bounces/sources/mbox.js';
import type { Mailbox } from '../../bounces/sources/mailbox.js';
import type { Config } from '../../config/types.js';
import { senderOf } from '../../send/message.js';
import { loadKeyring } from '../../unsubscribe/keyring.js';
import { mailtoBaseOf, returnPathOf, verpKeys } from '../../unsubscribe/verp-token.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { note, printJson, say } from '../output.js';
import { createCountProgress } from '../progress.js';
import { openCliState, stateLocationOf } from '../state.js';
import { bouncesJson, describeBounces } from '../bounce-output.js';

export const DEFAULT_PROCESSED_FOLDER = 'newsletter-processed';
export const DEFAULT_SOFT_LIMIT = 3;

/**
 * `newsletter bounces [files…] [--imap URL | --maildir DIR | --mbox FILE | --stdin] [--dry-run] [--json]`:
 * reads what came back to the return path and acts on it (docs/bounces.md).
 */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const config = loadConfigOrFail(globals);
  const folder = (options.folder as string | undefined) ?? config.bounces?.processed_folder ?? DEFAULT_PROCESSED_FOLDER;
  const mailbox = chooseMailbox((args[0] as string[] | undefined) ?? [], options, folder);
  const dryRun = Boolean(options.dryRun);
  const location = stateLocationOf(config, globals);
  // tokens are checked with NEWSLETTER_SECRET (and the previous secrets); a folder state's dev key only stands in for outbox tests
  const { keyring } = loadKeyring({ stateDir: location.backend === 'sqlite' ? location.dir : config.dir, allowDevKey: location.backend === 'sqlite' });
  const returnPath = returnPathOf(config);
  const bases = [returnPath?.address, mailtoBaseOf(config)].filter((b): b is string => Boolean(b));
  if (!returnPath && !options.json) note('note: no return_path in the config: bounces are matched by the returned Message-ID and the recipient only (see docs/bounces.md)');

  const state = await openCliState(location);
  const progress = createCountProgress('messages');
  try {
    const report = await processBounces({
      store: state,
      mailbox,
      match: { keys: verpKeys(keyring), bases, separator: returnPath?.separator ?? config.bounces?.separator ?? '+', messageIdDomains: messageIdDomains(config) },
      listId: config.list_id,
      softLimit: config.bounces?.soft_limit ?? DEFAULT_SOFT_LIMIT,
      dryRun,
      onProgress: (done, total) => progress.update(done, total),
    }).catch((error: unknown) => {
      throw mailboxError(error, mailbox);
    });
    progress.stop();
    if (options.json) printJson(bouncesJson(report));
    else say(describeBounces(report, folder).join('\n'));
    return 0;
  } finally {
    progress.stop();
    await mailbox.close().catch(() => undefined);
    await state.close();
  }
}

/** Our Message-IDs are made at the From domain (see newMessageId); the return path's domain as a second guess. */
function messageIdDomains(config: Config): string[] {
  const domains = [senderOf(config).domain];
  const returnDomain = config.return_path?.split('@')[1]?.toLowerCase();
  if (returnDomain && !domains.includes(returnDomain)) domains.push(returnDomain);
  return domains;
}

function chooseMailbox(files: string[], options: Record<string, any>, folder: string): Mailbox {
  const chosen = [options.imap ? 'imap' : '', options.maildir ? 'maildir' : '', options.mbox ? 'mbox' : '', options.stdin ? 'stdin' : '', files.length > 0 ? 'files' : ''].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`choose one source of messages, found ${chosen.join(' and ')}`);
  if (options.maildir) return openMaildir(options.maildir as string, folder);
  if (options.mbox) return openMbox(options.mbox as string);
  if (options.stdin) return openStdinMessage();
  if (files.length > 0) return openEmlFiles(files);
  const url = (options.imap as string | undefined) ?? process.env.NEWSLETTER_IMAP_URL;
  if (!url) {
    throw new UserError('no mailbox to read: name one', {
      hint: 'set NEWSLETTER_IMAP_URL=imaps://user:password@host/INBOX, or use --imap URL, --maildir DIR, --mbox FILE, --stdin, or name .eml files',
    });
  }
  try {
    return openImapMailbox(url, folder);
  } catch (error) {
    throw new UserError(`the IMAP URL cannot be used: ${(error as Error).message}`, { hint: 'e.g. imaps://bounces%40news.example.org:PASSWORD@imap.example.net/INBOX' });
  }
}

/** A mailbox that cannot be reached or read is the user's to fix: say which and why, never a stack. */
function mailboxError(error: unknown, mailbox: Mailbox): unknown {
  if (error instanceof UserError) return error;
  const e = error as NodeJS.ErrnoException & { authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string };
  if (e.authenticationFailed) return new UserError(`${mailbox.description}: the IMAP server refused the login`, { hint: 'check the user and password in the IMAP URL (NEWSLETTER_IMAP_URL or --imap)' });
  if (e.code && /^(ENOENT|EACCES|EISDIR|ENOTDIR|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|ECONNRESET|EPERM)$/.test(e.code)) {
    return new UserError(`cannot read ${redactImapUrl(mailbox.description)}: ${e.message}`, { hint: 'check the path or the server address, and that this machine may reach it' });
  }
  if (e.responseText || e.serverResponseCode) return new UserError(`${mailbox.description}: the IMAP server answered "${e.responseText ?? e.message}"`);
  return error;
}

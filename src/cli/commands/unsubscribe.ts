import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { normalizeAddress } from '../../subscribers/email-address.js';
import { DEV_SECRET_FILE, loadKeyring } from '../../unsubscribe/keyring.js';
import { openUnsubscribeToken, tokenFromLink } from '../../unsubscribe/token.js';
import type { CommandInput } from '../command.js';
import { say, warn } from '../output.js';
import { openCliState, stateLocationOf } from '../state.js';
import { configIfAny } from './subscribers-check.js';
import { stateDirOf } from '../context.js';

/** `newsletter unsubscribe <email-or-link>`: records an unsubscribe by hand, from an address or a reader's link. */
export async function run({ args, globals }: CommandInput): Promise<number> {
  const input = (args[0] as string).trim();
  const config = configIfAny(globals);
  const stateDir = stateDirOf(globals, config);

  let email: string;
  let listId = config?.list_id;
  if (input.includes('@') && !input.includes('/u/')) {
    // As pasted from a mail program: `Anna <anna@example.org>` or `mailto:anna@example.org`.
    const bare = (/<([^<>]+)>\s*$/.exec(input)?.[1] ?? input).replace(/^mailto:/i, '').replace(/\?.*$/, '');
    const address = normalizeAddress(bare);
    if (!address.ok) throw new UserError(`"${input}": ${address.reason}`, { hint: 'give the address as name@domain, or paste the reader\'s whole unsubscribe link' });
    email = address.email;
  } else {
    const token = tokenFromLink(input);
    if (!token) {
      throw new UserError(`"${input}" is neither an email address nor an unsubscribe link`, {
        hint: 'give the address (anna@example.org) or the whole link from the mail (https://…/u/…)',
      });
    }
    const { keyring, warnings } = loadKeyring({ stateDir, allowDevKey: existsSync(join(stateDir, DEV_SECRET_FILE)) });
    for (const warning of warnings) warn(warning);
    const payload = openUnsubscribeToken(keyring, token);
    if (!payload) {
      throw new UserError('this unsubscribe link is not valid: it is altered or cut short, or was not made with this NEWSLETTER_SECRET (nor one in NEWSLETTER_SECRET_PREVIOUS)', {
        hint: 'copy the whole link from the mail, or give the reader\'s email address instead',
      });
    }
    if (config && payload.listId !== config.list_id) {
      throw new UserError(`this unsubscribe link belongs to the list "${payload.listId}", not to this project's "${config.list_id}": nothing changed`, {
        hint: 'run it in the project of that list (or with its --config), or give the reader\'s email address instead',
      });
    }
    email = payload.email;
    listId = payload.listId;
  }

  const state = await openCliState(stateLocationOf(config, globals));
  try {
    const { added, entry } = await state.suppression.add({ email, reason: 'by-hand', ...(listId ? { listId } : {}), source: 'cli' });
    if (added) say(`${entry.email} is unsubscribed and will get no more mail.`);
    else say(`${entry.email} was already on the suppression list (${entry.reason}, ${entry.createdAt.slice(0, 10)}); nothing changed.`);
    return 0;
  } finally {
    await state.close();
  }
}

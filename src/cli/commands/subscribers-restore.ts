import { UsageError, UserError } from '../../errors.js';
import { restoreInBulk } from './subscribers-restore-bulk.js';
import { suppressionKind, type SuppressionReason } from '../../state/types.js';
import type { CommandInput } from '../command.js';
import { say, warn } from '../output.js';
import { openCliState, stateLocationOf } from '../state.js';
import { configIfAny } from './subscribers-check.js';

const HOW: Record<SuppressionReason, string> = {
  'one-click': 'unsubscribed with one click',
  'confirm-page': 'unsubscribed on the confirmation page',
  'by-hand': 'was unsubscribed by hand',
  unsubscribed: 'unsubscribed',
  manual: 'was suppressed by hand',
  bounced: 'bounced',
  complained: 'was reported as spam by the reader',
};

/**
 * `newsletter subscribers restore <email>`: undoes a mistaken entry of the suppression list;
 * `--reason KIND --since DATE` undoes every entry of that kind since then (after confirmation).
 */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const given = (args[0] as string | undefined)?.trim();
  if (given && options.reason) throw new UsageError('name one address, or --reason with --since for many: not both');
  if (!given && !options.reason) throw new UsageError('name the address to restore, or use --reason KIND --since DATE to restore many');
  const config = configIfAny(globals);
  const state = await openCliState(stateLocationOf(config, globals));
  try {
    if (!given) return await restoreInBulk(state, { reason: options.reason as string, since: options.since as string | undefined, yes: Boolean(options.yes) });
    const email = given;
    const suppression = state.suppression;
    const entry = await suppression.get(email);
    if (!entry) {
      throw new UserError(`${email} is not on the suppression list`, { hint: 'run "newsletter subscribers suppressed" to see who is' });
    }
    await suppression.remove(email);
    const how = HOW[entry.reason];
    say(`${entry.email} is off the suppression list and will get the next issue (it ${how} on ${entry.createdAt.slice(0, 10)}).`);
    if (suppressionKind(entry.reason) === 'unsubscribed' || entry.reason === 'complained') {
      warn('this reader unsubscribed themselves: mail them again only because they asked for it');
    }
    return 0;
  } finally {
    await state.close();
  }
}

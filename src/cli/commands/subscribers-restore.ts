import { UserError } from '../../errors.js';
import { openStateDatabase } from '../../state/database.js';
import { openSuppressionList } from '../../unsubscribe/suppression-list.js';
import type { CommandInput } from '../command.js';
import { say, warn } from '../output.js';
import { configIfAny } from './subscribers-check.js';
import { stateDirOf } from '../context.js';

/** `newsletter subscribers restore <email>`: undoes a mistaken entry of the suppression list. */
export async function run({ args, globals }: CommandInput): Promise<number> {
  const email = (args[0] as string).trim();
  const config = configIfAny(globals);
  const db = openStateDatabase(stateDirOf(globals, config));
  try {
    const suppression = openSuppressionList(db);
    const entry = suppression.get(email);
    if (!entry) {
      throw new UserError(`${email} is not on the suppression list`, { hint: 'run "newsletter subscribers suppressed" to see who is' });
    }
    suppression.remove(email);
    const how = { 'one-click': 'unsubscribed with one click', 'confirm-page': 'unsubscribed on the confirmation page', 'by-hand': 'was unsubscribed by hand', bounced: 'bounced' }[entry.reason];
    say(`${entry.email} is off the suppression list and will get the next issue (it ${how} on ${entry.createdAt.slice(0, 10)}).`);
    if (entry.reason === 'one-click' || entry.reason === 'confirm-page') {
      warn('this reader unsubscribed themselves: mail them again only because they asked for it');
    }
    return 0;
  } finally {
    db.close();
  }
}

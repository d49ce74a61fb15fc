import { UserError } from '../../errors.js';
import type { LockHolder } from '../../state/types.js';
import type { CommandInput } from '../command.js';
import { loadConfigOrFail } from '../context.js';
import { note, say } from '../output.js';
import { openCliState, stateLine, stateLocationOf } from '../state.js';
import { issueIdOf } from './status.js';

type Held = LockHolder & { issueId: string; destination: string };

function describeHolder(lease: Held, nowMs: number): string {
  const beat = lease.heartbeat ? Date.parse(lease.heartbeat) : Date.parse(lease.since);
  const ago = Math.max(0, Math.round((nowMs - beat) / 1000));
  return `${lease.destination}: process ${lease.pid} on ${lease.host}, sending since ${lease.since}, last heartbeat ${lease.heartbeat ?? 'never'} (${ago} s ago)`;
}

/**
 * `newsletter unlock <issue-file> [--yes] [--force]`: shows who holds the send lock of an
 * issue and breaks it after a confirmation — for a sender that died on another machine or
 * in a container. A lock whose heartbeat is still fresh (the sender may run) is only broken
 * with --force.
 */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const file = args[0] as string;
  const id = issueIdOf(file);
  const config = loadConfigOrFail(globals);
  const location = stateLocationOf(config, globals);
  const state = await openCliState(location, { existingOnly: true });
  if (!state) {
    say(`Nothing to unlock: there is no state yet (${stateLine(location)}).`);
    return 0;
  }
  try {
    const held = (await state.journal.leases()).filter((lease) => lease.issueId === id);
    if (held.length === 0) {
      say(`Nothing to unlock: no send of "${id}" holds a lock (${stateLine(location)}).`);
      return 0;
    }
    const now = Date.now();
    let broken = 0;
    for (const lease of held) {
      say(`"${id}" is locked by ${describeHolder(lease, now)}`);
      const fresh = lease.expires !== undefined && Date.parse(lease.expires) > now;
      if (fresh && !options.force) {
        throw new UserError(`the lock of "${id}" is still fresh (it expires ${lease.expires}): its sender may be running`, {
          hint: 'wait a minute and try again; if you are sure that sender is gone (its machine or container ended), add --force',
        });
      }
      if (!options.yes) {
        const { askToConfirm, canAsk } = await import('../prompts.js');
        if (!canAsk()) {
          throw new UserError('not breaking the lock without a confirmation, and there is no terminal to ask on', { hint: 'add --yes when a script unlocks' });
        }
        const answer = await askToConfirm(`Break this lock? Make sure that sender no longer runs: two senders could mail readers twice.`);
        if (answer !== true) {
          note('The lock was left as it is.');
          return answer === undefined ? 130 : 1;
        }
      }
      if (await state.journal.breakLease(id, lease.destination, lease.owner ?? '')) {
        broken++;
        say(`Unlocked ${lease.destination}. Run the same send command again to resume: readers left "sending" count as unknown and are not mailed again unless you choose --resend-unknown.`);
      } else {
        say(`The lock of ${lease.destination} changed meanwhile (another sender took it over); nothing was broken.`);
      }
    }
    return broken === held.length ? 0 : 1;
  } finally {
    await state.close();
  }
}

import { UsageError, UserError } from '../../errors.js';
import { suppressionKind, type SuppressionKind, type StateStore } from '../../state/types.js';
import { note, plural, say } from '../output.js';

const KINDS: SuppressionKind[] = ['bounced', 'complained', 'unsubscribed', 'manual'];

/** `YYYY-MM-DD` or a full ISO time → the ISO time it starts at (UTC). */
function sinceTime(value: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) throw new UsageError(`--since must be a date such as 2020-12-01 (or an ISO time), found "${value}"`);
  return new Date(time).toISOString();
}

/**
 * `newsletter subscribers restore --reason bounced --since DATE [--yes]`: takes back, in
 * bulk, the suppressions of one kind made since a moment (e.g. a run that suppressed
 * readers for a fault of the sender), after showing how many and asking.
 */
export async function restoreInBulk(state: StateStore, options: { reason: string; since?: string; yes?: boolean }): Promise<number> {
  const kind = options.reason as SuppressionKind;
  if (!KINDS.includes(kind)) throw new UsageError(`--reason must be one of ${KINDS.join(', ')}, found "${options.reason}"`);
  if (!options.since) throw new UsageError('--reason needs --since DATE: which suppressions to take back, e.g. --since 2020-12-01');
  const since = sinceTime(options.since);
  const entries = (await state.suppression.list()).filter((e) => suppressionKind(e.reason) === kind && e.createdAt >= since);
  if (entries.length === 0) {
    say(`No ${kind} suppressions since ${since.slice(0, 16).replace('T', ' ')}: nothing to restore.`);
    return 0;
  }
  say(`${entries.length} ${plural(entries.length, 'address', 'addresses')} suppressed as ${kind} since ${since.slice(0, 16).replace('T', ' ')} UTC:`);
  for (const e of entries.slice(0, 10)) say(`  ${e.createdAt.slice(0, 16).replace('T', ' ')}  ${e.email}${e.detail ? `  (${e.detail})` : ''}`);
  if (entries.length > 10) say(`  … and ${entries.length - 10} more`);
  if (!options.yes) {
    const { askToConfirm, canAsk } = await import('../prompts.js');
    if (!canAsk()) {
      throw new UserError(`not restoring ${entries.length} ${plural(entries.length, 'address', 'addresses')} without a confirmation, and there is no terminal to ask on`, {
        hint: 'run it in a terminal to confirm, or add --yes',
      });
    }
    const answer = await askToConfirm(`Take these ${entries.length} off the suppression list, so they get the next issue?`);
    if (answer !== true) {
      note('Nothing was changed.');
      return answer === undefined ? 130 : 1;
    }
  }
  let removed = 0;
  for (const entry of entries) removed += await state.suppression.remove(entry.email, entry.listId);
  say(`Restored ${removed} ${plural(removed, 'address', 'addresses')}: they get the next issue.${kind === 'complained' || kind === 'unsubscribed' ? ' They asked not to be mailed: restore them only because they asked for it.' : ''}`);
  return 0;
}


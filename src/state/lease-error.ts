import { UserError } from '../errors.js';
import type { LockHolder } from './types.js';

/** A second sender for the same issue and destination while the first one's lease is live. */
export class SendLockedError extends UserError {
  readonly holder: LockHolder;
  constructor(issueId: string, holder: LockHolder) {
    const beat = holder.heartbeat ? `, last heartbeat ${holder.heartbeat}` : '';
    super(`"${issueId}" is being sent already by process ${holder.pid} on ${holder.host} (since ${holder.since}${beat})`, {
      hint: `wait for it to finish; if that sender is gone, its lock expires about a minute after its last heartbeat: then run the command again, or clear it with "newsletter unlock <issue-file>"`,
    });
    this.name = 'SendLockedError';
    this.holder = holder;
  }
}

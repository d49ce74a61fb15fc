import { randomUUID } from 'node:crypto';
import { hostname, uptime } from 'node:os';
import { UserError } from '../errors.js';
import type { StateDatabase } from '../state/database.js';

/** Who holds the sender lock of one (issue, destination). */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** A held lock; `tookOverFrom` is set when a dead sender's lock was taken over (say so in one line). */
export interface SendLock {
  readonly issueId: string;
  readonly destination: string;
  readonly tookOverFrom?: LockHolder;
  /** Gives the lock back; harmless when called twice or after another process took it over. */
  release(): void;
}

/** A second sender for the same issue and destination while the first one still runs. */
export class SendLockedError extends UserError {
  readonly holder: LockHolder;
  constructor(issueId: string, holder: LockHolder) {
    super(`"${issueId}" is being sent already by process ${holder.pid} (since ${holder.since})`, {
      hint: `wait for it to finish, or stop it (kill ${holder.pid}) and run the command again to resume`,
    });
    this.name = 'SendLockedError';
    this.holder = holder;
  }
}

/** True when a process with this pid exists on this machine (EPERM means it exists). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fromBeforeBoot(since: string): boolean {
  const bootedAt = Date.now() - uptime() * 1000;
  return Date.parse(since) < bootedAt - 60_000;
}

export interface LockOptions {
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
  now?: () => Date;
}

/**
 * Takes the sender lock of (issue, destination) in the state database, in one immediate
 * transaction so two starting senders cannot both win. A lock whose process is gone (or is
 * this very process) is taken over; a live one is refused with `SendLockedError`.
 */
export function acquireSendLock(db: StateDatabase, issueId: string, destination: string, options: LockOptions = {}): SendLock {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const isAlive = options.isAlive ?? processIsAlive;
  const token = randomUUID();
  const since = (options.now ?? (() => new Date()))().toISOString();

  const take = db.transaction((): LockHolder | undefined => {
    const row = db
      .prepare('SELECT pid, host, since FROM send_lock WHERE issue_id = ? AND destination = ?')
      .get(issueId, destination) as LockHolder | undefined;
    // another machine's pid cannot be checked from here: treat it as alive; a lock from
    // before this machine booted is stale even if its pid now belongs to someone else
    if (row && row.pid !== pid && (row.host !== host || (isAlive(row.pid) && !fromBeforeBoot(row.since)))) {
      throw new SendLockedError(issueId, row);
    }
    db.prepare(
      `INSERT INTO send_lock (issue_id, destination, pid, host, token, since) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (issue_id, destination) DO UPDATE SET pid = excluded.pid, host = excluded.host, token = excluded.token, since = excluded.since`,
    ).run(issueId, destination, pid, host, token, since);
    return row && row.pid !== pid ? row : undefined;
  });
  const tookOverFrom = take.immediate();

  let released = false;
  return {
    issueId,
    destination,
    ...(tookOverFrom ? { tookOverFrom } : {}),
    release() {
      if (released) return;
      released = true;
      db.prepare('DELETE FROM send_lock WHERE issue_id = ? AND destination = ? AND token = ?').run(issueId, destination, token);
    },
  };
}

/** The live holder of the lock, if any: what `status` shows as "a send is running". */
export function lockHolder(db: StateDatabase, issueId: string, destination: string, isAlive = processIsAlive): LockHolder | undefined {
  const row = db
    .prepare('SELECT pid, host, since FROM send_lock WHERE issue_id = ? AND destination = ?')
    .get(issueId, destination) as LockHolder | undefined;
  if (!row) return undefined;
  return row.host !== hostname() || (isAlive(row.pid) && !fromBeforeBoot(row.since)) ? row : undefined;
}

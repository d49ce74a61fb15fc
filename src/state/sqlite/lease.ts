import type { StateDatabase } from '../database.js';
import { SendLockedError } from '../lease-error.js';
import { holderIsGone, leaseVerdict, PROCESS_IDENTITY, publicHolder, type StoredHolder } from '../process-identity.js';
import type { LeaseOptions, LockHolder, SendLease } from '../types.js';
import type { Guard } from './guard.js';

interface LeaseRow {
  issue_id: string;
  destination: string;
  owner: string;
  pid: number;
  host: string;
  pid_namespace: string;
  boot_id: string;
  since: string;
  heartbeat_at: number;
  expires_at: number;
}

/** A lease row as the shared lease logic sees it. */
export function storedHolder(row: LeaseRow): StoredHolder {
  return {
    owner: row.owner,
    pid: Number(row.pid),
    host: row.host,
    pidNamespace: row.pid_namespace,
    bootId: row.boot_id,
    since: row.since,
    heartbeatMs: Number(row.heartbeat_at),
    expiresMs: Number(row.expires_at),
  };
}

export const DEFAULT_LEASE_MS = 60_000;

/** The send leases of an SQLite state: taken in one immediate transaction, so two starting senders cannot both win. */
export function sqliteLeases(db: StateDatabase, guard: Guard) {
  const statements = {
    get: db.prepare('SELECT * FROM send_lease WHERE issue_id = ? AND destination = ?'),
    put: db.prepare(
      `INSERT INTO send_lease (issue_id, destination, owner, pid, host, pid_namespace, boot_id, since, heartbeat_at, expires_at)
       VALUES (@issueId, @destination, @owner, @pid, @host, @pidNamespace, @bootId, @since, @now, @expires)
       ON CONFLICT (issue_id, destination) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host,
         pid_namespace = excluded.pid_namespace, boot_id = excluded.boot_id, since = excluded.since,
         heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
    ),
    renew: db.prepare('UPDATE send_lease SET heartbeat_at = ?, expires_at = ? WHERE issue_id = ? AND destination = ? AND owner = ?'),
    remove: db.prepare('DELETE FROM send_lease WHERE issue_id = ? AND destination = ? AND owner = ?'),
    all: db.prepare('SELECT * FROM send_lease ORDER BY issue_id, destination'),
  };
  const read = (issueId: string, destination: string) => {
    const row = statements.get.get(issueId, destination) as LeaseRow | undefined;
    return row ? storedHolder(row) : undefined;
  };

  async function acquire(issueId: string, destination: string, options: LeaseOptions = {}): Promise<SendLease> {
    const owner = options.owner ?? PROCESS_IDENTITY.owner;
    const ttl = options.ttlMs ?? DEFAULT_LEASE_MS;
    const now = options.now ?? Date.now;
    const me = { ...PROCESS_IDENTITY, owner, pid: options.pid ?? PROCESS_IDENTITY.pid, host: options.host ?? PROCESS_IDENTITY.host };
    const isGone = options.isAlive ? (h: StoredHolder) => !options.isAlive!(h) : (h: StoredHolder) => holderIsGone(h, me);
    const take = db.transaction((): LockHolder | undefined => {
      const current = read(issueId, destination);
      const at = now();
      const verdict = leaseVerdict(current, owner, at, isGone);
      if (verdict === 'held') throw new SendLockedError(issueId, publicHolder(current!));
      statements.put.run({
        issueId,
        destination,
        owner,
        pid: me.pid,
        host: me.host,
        pidNamespace: me.pidNamespace,
        bootId: me.bootId,
        since: verdict === 'ours' ? current!.since : new Date(at).toISOString(),
        now: at,
        expires: at + ttl,
      });
      return verdict === 'expired' || verdict === 'gone' ? publicHolder(current!) : undefined;
    });
    const tookOverFrom = await guard(() => take.immediate());
    let released = false;
    return {
      issueId,
      destination,
      owner,
      ...(tookOverFrom ? { tookOverFrom } : {}),
      renew: () =>
        guard(() => {
          if (released) return false;
          const at = now();
          return statements.renew.run(at, at + ttl, issueId, destination, owner).changes > 0;
        }),
      release: () =>
        guard(() => {
          if (released) return;
          released = true;
          statements.remove.run(issueId, destination, owner);
        }),
    };
  }

  return {
    acquire,
    /** The holder of a live lease, for `status`: expired or surely ended holders are not "running". */
    liveHolder(issueId: string, destination: string): LockHolder | undefined {
      const current = read(issueId, destination);
      return current && leaseVerdict(current, '', Date.now()) === 'held' ? publicHolder(current) : undefined;
    },
    holder: (issueId: string, destination: string) =>
      guard(() => {
        const current = read(issueId, destination);
        return current ? publicHolder(current) : undefined;
      }),
    breakLease: (issueId: string, destination: string, owner: string) => guard(() => statements.remove.run(issueId, destination, owner).changes > 0),
    all: () =>
      guard(() => (statements.all.all() as LeaseRow[]).map((row) => ({ issueId: row.issue_id, destination: row.destination, ...publicHolder(storedHolder(row)) }))),
  };
}

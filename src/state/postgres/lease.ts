import pg from 'pg';
import { SendLockedError } from '../lease-error.js';
import { holderIsGone, leaseVerdict, PROCESS_IDENTITY, publicHolder, type StoredHolder } from '../process-identity.js';
import { DEFAULT_LEASE_MS, storedHolder } from '../sqlite/lease.js';
import type { LeaseOptions, LockHolder, SendLease } from '../types.js';
import { pgStateError } from './pg-errors.js';
import { rows, transaction, type PgGuard } from './pg-guard.js';

const SERVER_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * The send leases of a PostgreSQL state. Beside the lease row, a sender holds a session
 * advisory lock on a connection of its own: when its process dies, the connection ends and
 * so does the lock, and the next sender may take over at once. Times are the server's, so
 * the clocks of laptops and CI runners never decide who holds a lease.
 */
export function pgLeases(pool: pg.Pool, guard: PgGuard, location: string) {
  const read = async (client: pg.Pool | pg.PoolClient, issueId: string, destination: string, forUpdate = false) => {
    const row = (await rows<never>(client, `SELECT * FROM send_lease WHERE issue_id = $1 AND destination = $2${forUpdate ? ' FOR UPDATE' : ''}`, [issueId, destination]))[0];
    return row ? storedHolder(row) : undefined;
  };
  const serverNow = async (client: pg.Pool | pg.PoolClient) => Number((await rows<{ now: string }>(client, `SELECT ${SERVER_NOW} AS now`))[0].now);
  const lockKey = (issueId: string, destination: string) => `newsletter send ${issueId} ${destination}`;
  /** Session connections of leases not given back yet: closing the store ends them. */
  const sessions = new Set<pg.Client>();

  async function acquire(issueId: string, destination: string, options: LeaseOptions = {}): Promise<SendLease> {
    const owner = options.owner ?? PROCESS_IDENTITY.owner;
    const ttl = options.ttlMs ?? DEFAULT_LEASE_MS;
    const me = { ...PROCESS_IDENTITY, owner, pid: options.pid ?? PROCESS_IDENTITY.pid, host: options.host ?? PROCESS_IDENTITY.host };
    const clock = options.now ? async () => options.now!() : () => serverNow(pool);

    // the session lock lives on a connection of its own, outside the pool, for the whole send
    const session = new pg.Client({ ...(pool.options as pg.ClientConfig) });
    let sessionLost = false;
    session.on('error', () => {
      sessionLost = true;
    });
    sessions.add(session);
    const endSession = async () => {
      sessions.delete(session);
      await session.end().catch(() => undefined);
    };
    const locked = await guard(async () => {
      await session.connect();
      return (await rows<{ locked: boolean }>(session, 'SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey(issueId, destination)]))[0].locked;
    }).catch(async (error) => {
      await endSession();
      throw error;
    });
    let holdsSessionLock = locked;
    // free session lock: whoever wrote the lease row has no connection any more
    const isGone = locked ? () => true : options.isAlive ? (h: StoredHolder) => !options.isAlive!(h) : (h: StoredHolder) => holderIsGone(h, me);

    let tookOverFrom: LockHolder | undefined;
    try {
      tookOverFrom = await guard(() =>
        transaction(pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lease ${issueId} ${destination}`]);
          const current = await read(client, issueId, destination, true);
          const at = await clock();
          const verdict = leaseVerdict(current, owner, at, isGone);
          if (verdict === 'held') throw new SendLockedError(issueId, publicHolder(current!));
          await client.query(
            `INSERT INTO send_lease (issue_id, destination, owner, pid, host, pid_namespace, boot_id, since, heartbeat_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (issue_id, destination) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host,
               pid_namespace = excluded.pid_namespace, boot_id = excluded.boot_id, since = excluded.since,
               heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
            [issueId, destination, owner, me.pid, me.host, me.pidNamespace, me.bootId, verdict === 'ours' ? current!.since : new Date(at).toISOString(), at, at + ttl],
          );
          return verdict === 'expired' || verdict === 'gone' ? publicHolder(current!) : undefined;
        }),
      );
    } catch (error) {
      await endSession();
      throw error;
    }

    let released = false;
    return {
      issueId,
      destination,
      owner,
      ...(tookOverFrom ? { tookOverFrom } : {}),
      renew: () =>
        guard(async () => {
          if (released) return false;
          // a lost session connection means the lock may be someone else's now
          if (sessionLost) return false;
          // took over an expired lease whose holder still had its connection: the lock is ours once that ends
          if (!holdsSessionLock) {
            holdsSessionLock = (await rows<{ locked: boolean }>(session, 'SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey(issueId, destination)]))[0].locked;
          }
          const at = await clock();
          const result = await pool.query('UPDATE send_lease SET heartbeat_at = $1, expires_at = $2 WHERE issue_id = $3 AND destination = $4 AND owner = $5', [
            at,
            at + ttl,
            issueId,
            destination,
            owner,
          ]);
          return (result.rowCount ?? 0) > 0;
        }),
      release: async () => {
        if (released) return;
        released = true;
        try {
          await guard(() => pool.query('DELETE FROM send_lease WHERE issue_id = $1 AND destination = $2 AND owner = $3', [issueId, destination, owner]));
        } finally {
          // ending the connection gives the session lock back
          await endSession();
        }
      },
    };
  }

  return {
    acquire,
    async liveHolder(issueId: string, destination: string): Promise<LockHolder | undefined> {
      const current = await read(pool, issueId, destination);
      if (!current) return undefined;
      return leaseVerdict(current, '', await serverNow(pool)) === 'held' ? publicHolder(current) : undefined;
    },
    holder: (issueId: string, destination: string) =>
      guard(async () => {
        const current = await read(pool, issueId, destination);
        return current ? publicHolder(current) : undefined;
      }),
    breakLease: (issueId: string, destination: string, owner: string) =>
      guard(async () => ((await pool.query('DELETE FROM send_lease WHERE issue_id = $1 AND destination = $2 AND owner = $3', [issueId, destination, owner])).rowCount ?? 0) > 0),
    all: () =>
      guard(async () =>
        (await rows<never>(pool, 'SELECT * FROM send_lease ORDER BY issue_id, destination')).map((row: { issue_id: string; destination: string }) => ({
          issueId: row.issue_id,
          destination: row.destination,
          ...publicHolder(storedHolder(row as never)),
        })),
      ),
    /** Ends the session connections of leases still held (the store closes). */
    async closeSessions() {
      for (const session of [...sessions]) {
        sessions.delete(session);
        await session.end().catch(() => undefined);
      }
    },
    pgStateError: (error: unknown) => pgStateError(error, location),
  };
}

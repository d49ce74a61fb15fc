import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LockHolder } from './types.js';

function readOr(read: () => string, fallback: string): string {
  try {
    return read().trim();
  } catch {
    return fallback;
  }
}

/**
 * Who this process is, for the send lease: an owner id made at start (two processes never
 * share it, even as PID 1 in two containers), and where its PID means something — the
 * host, the boot and the PID namespace. Outside Linux the last two are empty.
 */
export const PROCESS_IDENTITY = {
  owner: randomUUID() as string,
  pid: process.pid,
  host: hostname(),
  pidNamespace: readOr(() => readlinkSync('/proc/self/ns/pid'), ''),
  bootId: readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'), ''),
};

export type ProcessIdentity = typeof PROCESS_IDENTITY;

/** A lease holder as stored, with where its PID is valid. */
export type StoredHolder = LockHolder & { owner: string; pidNamespace: string; bootId: string; heartbeatMs: number; expiresMs: number };

/**
 * True when the holder surely no longer runs: same host, same boot, same PID namespace,
 * and no process with its PID. Anything else (another machine, another container) may
 * be alive: only the lease's expiry frees it then.
 */
export function holderIsGone(holder: Pick<StoredHolder, 'owner' | 'pid' | 'host' | 'pidNamespace' | 'bootId'>, me: ProcessIdentity = PROCESS_IDENTITY): boolean {
  if (holder.host !== me.host || !holder.pidNamespace || holder.pidNamespace !== me.pidNamespace || !holder.bootId || holder.bootId !== me.bootId) {
    return false;
  }
  // our own PID under another owner id: that process ended and the PID came to us
  if (holder.pid === me.pid) return holder.owner !== me.owner;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Why a lease may be taken: nobody holds it, we do, it expired, or its holder surely ended. */
export type LeaseVerdict = 'free' | 'ours' | 'expired' | 'gone' | 'held';

/** Decides whether `owner` may take a lease now; pure apart from `isGone`. */
export function leaseVerdict(
  current: StoredHolder | undefined,
  owner: string,
  nowMs: number,
  isGone: (holder: StoredHolder) => boolean = holderIsGone,
): LeaseVerdict {
  if (!current) return 'free';
  if (current.owner === owner) return 'ours';
  if (current.expiresMs <= nowMs) return 'expired';
  return isGone(current) ? 'gone' : 'held';
}

/** A stored holder as the public `LockHolder`. */
export function publicHolder(row: StoredHolder): LockHolder {
  return {
    pid: row.pid,
    host: row.host,
    since: row.since,
    owner: row.owner,
    heartbeat: new Date(row.heartbeatMs).toISOString(),
    expires: new Date(row.expiresMs).toISOString(),
  };
}

/**
 * The send lease: one sender per (issue, destination), across processes, containers and
 * hosts. Held in the state store (see src/state/sqlite/lease.ts and the PostgreSQL one);
 * its error is re-exported here for the send stage's callers.
 */
export { SendLockedError } from '../state/lease-error.js';
export type { LockHolder, SendLease, LeaseOptions } from '../state/types.js';

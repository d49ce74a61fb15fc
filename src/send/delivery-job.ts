import { UserError } from '../errors.js';
import type { JobJournal, JournalStore, JournalView, LeaseOptions, LockHolder, SendLease, SuppressionReason, SuppressionStore } from '../state/types.js';
import type { PlanStore } from '../state/plan-types.js';
import { makeStoredPlan, type StoredPlanInput } from './stored-plan.js';
import type { DeliveryPlan, StoredPlan } from './types.js';

/** How often a running send renews its lease; it expires `leaseMs` after the last renewal. */
export const HEARTBEAT_MS = 5_000;
export const LEASE_MS = 60_000;

/** Resuming after the issue or the list changed, without `--force`. */
export class InputsChangedError extends UserError {
  readonly changed: ('issue' | 'list')[];
  constructor(issueId: string, changed: ('issue' | 'list')[]) {
    const what = changed.map((c) => (c === 'issue' ? 'the issue' : 'the subscriber list')).join(' and ');
    super(`${what} changed since "${issueId}" was last sent to this destination`, {
      hint: 'readers who already got the mail will not get it again; run again with --force to go on with the changed version',
    });
    this.name = 'InputsChangedError';
    this.changed = changed;
  }
}

/** Someone broke or took over the lease while this send ran (`newsletter unlock --force`, or an expiry). */
export class LeaseLostError extends UserError {
  constructor(issueId: string) {
    super(`the send lock of "${issueId}" was taken away while this send ran (unlocked by hand, or not renewed in time)`, {
      hint: 'run "newsletter status" to see who sends now; the messages in flight were written down, nobody is mailed twice by this run',
    });
    this.name = 'LeaseLostError';
  }
}

/** The parts of a state a delivery uses. */
export interface DeliveryState {
  journal: JournalStore;
  /** Without it nobody counts as suppressed (a library caller with its own list). */
  suppression?: SuppressionStore;
  /** Where `plan()` keeps the readers; needed for plans in the state. */
  plans?: PlanStore;
}

/** What `DeliveryJob.plan` needs besides what the job knows (issue, destination, mode, list id, hashes). */
export type JobPlanInput = Pick<StoredPlanInput, 'list' | 'languages' | 'defaultLanguage' | 'lang' | 'onHeader' | 'onReader' | 'batchSize'>;

export interface DeliveryJobInput {
  state: DeliveryState;
  issueId: string;
  /** Journal key of where mail goes (`smtp://host:port`, `outbox:<dir>`). */
  destination: string;
  issueHash: string;
  /** Checked at opening when known; else `plan()` checks the hash it computes while the list streams. */
  listHash?: string;
  mode: DeliveryPlan['mode'];
  /** Go on although the issue or the list changed since the last run. */
  force?: boolean;
  /** Whose per-list suppressions count besides the global ones; default: every entry. */
  listId?: string;
  /** Test hooks: lease length, heartbeat and identity. */
  leaseMs?: number;
  heartbeatMs?: number;
  leaseOptions?: LeaseOptions;
}

/**
 * One send of one issue to one destination, from its start-up to its end: the only owner
 * of the start-up work. Opening it takes the lease (renewed by a heartbeat while it is
 * open), turns rows a dead run left in *sending* into *unknown*, and refuses changed inputs
 * unless forced; the plan is then made from `view()` and `suppressed()`, after recovery.
 * The CLI and a library caller get exactly the same start-up this way.
 */
export interface DeliveryJob {
  readonly issueId: string;
  readonly destination: string;
  readonly state: DeliveryState;
  readonly journal: JobJournal;
  readonly lease: SendLease;
  /** Keys turned from *sending* into *unknown* at this start. */
  readonly recovered: string[];
  /** The dead or expired holder whose lease this job took over. */
  readonly tookOverFrom?: LockHolder;
  /** Aborted when the lease is lost: the run stops taking new readers. */
  readonly lost: AbortSignal;
  /** What the plan reads of the journal (after recovery). */
  view(): Promise<JournalView>;
  /** The suppression list as the plan reads it. */
  suppressed(): Promise<Map<string, SuppressionReason>>;
  /**
   * Streams the list into a plan in the state, decided after recovery (see makeStoredPlan),
   * and refuses a changed list or issue unless forced. The caller drops the plan when the run ends.
   */
  plan(input: JobPlanInput): Promise<StoredPlan>;
  /** Stops the heartbeat and gives the lease back. */
  close(): Promise<void>;
}

/** Opens a delivery job (see DeliveryJob); rejects with SendLockedError or InputsChangedError. */
export async function openDeliveryJob(input: DeliveryJobInput): Promise<DeliveryJob> {
  const { state, issueId, destination } = input;
  const lease = await state.journal.acquireLease(issueId, destination, { ttlMs: input.leaseMs ?? LEASE_MS, ...input.leaseOptions });
  const lost = new AbortController();
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    const journal = state.journal.job(issueId, destination, input.listId ? { listId: input.listId } : {});
    const recovered = await journal.recoverInterrupted();
    const checkInputs = async (listHash: string) => {
      if (input.mode === 'resend' || input.force) return;
      const changed = await journal.changedSince(input.issueHash, listHash);
      if (changed.length > 0) throw new InputsChangedError(issueId, changed);
    };
    if (input.listHash !== undefined) await checkInputs(input.listHash);
    // a plan a killed send of this job left behind holds personal data: gone before the new one is made
    await state.plans?.removeLeftOver(issueId, destination);
    heartbeat = setInterval(() => {
      lease.renew().then(
        (ours) => {
          if (!ours) lost.abort(new LeaseLostError(issueId));
        },
        // a state that cannot be written right now: the next beat tries again; the lease lasts a minute
        () => undefined,
      );
    }, input.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    let closed = false;
    return {
      issueId,
      destination,
      state,
      journal,
      lease,
      recovered,
      ...(lease.tookOverFrom ? { tookOverFrom: lease.tookOverFrom } : {}),
      lost: lost.signal,
      view: () => journal.view(),
      suppressed: async () => (state.suppression ? state.suppression.keys(input.listId) : new Map()),
      async plan(list) {
        if (!state.plans) throw new Error('DeliveryJob.plan needs a state with plans (state.plans)');
        const plan = await makeStoredPlan({
          ...list,
          plans: state.plans,
          issueId,
          destination,
          kind: 'send',
          mode: input.mode,
          issueHash: input.issueHash,
          ...(input.listId ? { listId: input.listId } : {}),
        });
        try {
          if (input.listHash === undefined) await checkInputs(plan.listHash);
          return plan;
        } catch (error) {
          await plan.drop().catch(() => undefined);
          throw error;
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        await lease.release();
      },
    };
  } catch (error) {
    clearInterval(heartbeat);
    await lease.release().catch(() => undefined);
    throw error;
  }
}

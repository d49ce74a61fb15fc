import type { IssueSet } from '../issue/types.js';
import type { ChangedInput, JournalView, SuppressionReason } from '../state/types.js';
import type { SubscriberList } from '../subscribers/types.js';
import { openDeliveryJob, type DeliveryJob, type DeliveryJobInput, type DeliveryState } from './delivery-job.js';
import { issueSetHash } from './issue-hash.js';
import { planDelivery } from './plan.js';
import type { DeliveryPlan } from './types.js';

/** One send as a script or the CLI asks for it: the issue, the list, where to, and how. */
export interface SendRequest {
  issueSet: IssueSet;
  list: SubscriberList;
  /** The config's `default_language`: readers whose language the issue lacks get this one. */
  defaultLanguage: string;
  /** The config's `list_id`: its suppressions and the global ones stop a reader. */
  listId?: string;
  /** Journal key of where mail goes: `target.transport.destination`. */
  destination: string;
  /** Default `send`. */
  mode?: DeliveryPlan['mode'];
  /** `--lang`: only readers of this language. */
  lang?: string;
  /** Go on although the issue or the list changed since the last run (`--force`). */
  force?: boolean;
}

/** A send whose start-up is done: the job holds the lease, and the plan was made from its view after recovery. */
export interface PreparedSend {
  readonly job: DeliveryJob;
  readonly plan: DeliveryPlan;
  /** The plan again from the journal and the suppression list as they are now (after a confirmation that waited). */
  replan(): Promise<DeliveryPlan>;
  /** Gives the lease back. */
  close(): Promise<void>;
}

/** The plan of a request from what the journal and the suppression list say. */
function planner(request: SendRequest): (view: JournalView, suppressed: ReadonlyMap<string, SuppressionReason>) => DeliveryPlan {
  const issueHash = issueSetHash(request.issueSet);
  const languages = request.issueSet.issues.map((issue) => issue.lang);
  return (journal, suppressed) =>
    planDelivery({
      issueId: request.issueSet.id,
      languages,
      list: request.list,
      suppressed,
      journal,
      defaultLanguage: request.defaultLanguage,
      ...(request.lang ? { lang: request.lang } : {}),
      mode: request.mode ?? 'send',
      destination: request.destination,
      issueHash,
      listHash: request.list.contentHash,
    });
}

/**
 * The send stage's start-up, then the plan: `openSend(state, request)` takes the lease,
 * turns rows a dead run left in *sending* into *unknown*, refuses changed inputs unless
 * `force` (InputsChangedError), and plans from the journal after that. What the CLI's
 * `send` does before it asks and delivers; deliver with `deliverIssue(plan, {job, …})`.
 */
export async function openSend(state: DeliveryState, request: SendRequest, jobOptions: Pick<DeliveryJobInput, 'leaseMs' | 'heartbeatMs' | 'leaseOptions'> = {}): Promise<PreparedSend> {
  const makePlan = planner(request);
  const job = await openDeliveryJob({
    state,
    issueId: request.issueSet.id,
    destination: request.destination,
    issueHash: issueSetHash(request.issueSet),
    listHash: request.list.contentHash,
    mode: request.mode ?? 'send',
    force: Boolean(request.force),
    ...(request.listId ? { listId: request.listId } : {}),
    ...jobOptions,
  });
  try {
    const replan = async () => makePlan(await job.view(), await job.suppressed());
    return { job, plan: await replan(), replan, close: () => job.close() };
  } catch (error) {
    await job.close().catch(() => undefined);
    throw error;
  }
}

/**
 * A dry run's plan: no lease and no writes. Rows left in *sending* count as unknown without
 * writing that down, so it shows what `openSend` would plan; `changed` names the inputs a
 * real send would refuse without `force`.
 */
export async function planDryRun(state: DeliveryState, request: SendRequest): Promise<{ plan: DeliveryPlan; changed: ChangedInput[] }> {
  const job = state.journal.job(request.issueSet.id, request.destination, request.listId ? { listId: request.listId } : {});
  const view = await job.view();
  const unknown = new Map(view.unknown);
  for (const entry of await job.entries('sending')) unknown.set(entry.key, entry.messageId ?? '');
  const suppressed = state.suppression ? await state.suppression.keys(request.listId) : new Map<string, SuppressionReason>();
  const plan = planner(request)({ sent: view.sent, unknown }, suppressed);
  const changed = request.mode === 'resend' || request.force ? [] : await job.changedSince(plan.issueHash, plan.listHash);
  return { plan, changed };
}

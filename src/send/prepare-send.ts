import type { IssueSet } from '../issue/types.js';
import type { ChangedInput, JournalView, SuppressionReason } from '../state/types.js';
import type { ReadListOptions } from '../subscribers/list-stream.js';
import type { SubscriberList } from '../subscribers/types.js';
import { openDeliveryJob, type DeliveryJob, type DeliveryJobInput, type DeliveryState, type JobPlanInput } from './delivery-job.js';
import { issueSetHash } from './issue-hash.js';
import { planDelivery } from './plan.js';
import { makeStoredPlan } from './stored-plan.js';
import type { AnyPlan, DeliveryPlan, StoredPlan } from './types.js';

/** A list file to stream into a plan in the state (flat in memory): the path and how to read it. */
export type ListSource = { file: string } & ReadListOptions;

/** One send as a script or the CLI asks for it: the issue, the list, where to, and how. */
export interface SendRequest<List extends SubscriberList | ListSource = SubscriberList> {
  issueSet: IssueSet;
  /**
   * The list: a file to stream into a plan kept in the state (what the CLI does: memory stays
   * flat however long the list), or a SubscriberList already in memory (planned in memory).
   */
  list: List;
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
  /** A streamed list: told the header, and each distinct valid reader (see makeStoredPlan). */
  onHeader?: JobPlanInput['onHeader'];
  onReader?: JobPlanInput['onReader'];
}

type PlanOf<List> = List extends SubscriberList ? DeliveryPlan : StoredPlan;

/** A send whose start-up is done: the job holds the lease, and the plan was made from its view after recovery. */
export interface PreparedSend<Plan extends AnyPlan = AnyPlan> {
  readonly job: DeliveryJob;
  readonly plan: Plan;
  /** The plan again from the journal and the suppression list as they are now (after a confirmation that waited). */
  replan(): Promise<Plan>;
  /** Removes a stored plan's rows (personal data) and gives the lease back. */
  close(): Promise<void>;
}

function inMemory(list: SubscriberList | ListSource): list is SubscriberList {
  return 'subscribers' in list;
}

/** What a stored plan needs of a request besides the state and the job. */
function listing(request: SendRequest<ListSource>) {
  return {
    list: request.list,
    languages: request.issueSet.issues.map((issue) => issue.lang),
    defaultLanguage: request.defaultLanguage,
    ...(request.lang ? { lang: request.lang } : {}),
    ...(request.onHeader ? { onHeader: request.onHeader } : {}),
    ...(request.onReader ? { onReader: request.onReader } : {}),
  };
}

/** The plan of a request from what the journal and the suppression list say. */
function planner(request: SendRequest<SubscriberList>): (view: JournalView, suppressed: ReadonlyMap<string, SuppressionReason>) => DeliveryPlan {
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
 * `force` (InputsChangedError; for a streamed list once its hash is known), and plans from
 * the journal after that. What the CLI's `send` does before it asks and delivers; deliver
 * with `deliverIssue(plan, {job, …})`, then `close()`.
 */
export async function openSend<List extends SubscriberList | ListSource>(
  state: DeliveryState,
  request: SendRequest<List>,
  jobOptions: Pick<DeliveryJobInput, 'leaseMs' | 'heartbeatMs' | 'leaseOptions'> = {},
): Promise<PreparedSend<PlanOf<List>>> {
  const list = request.list as SubscriberList | ListSource;
  const job = await openDeliveryJob({
    state,
    issueId: request.issueSet.id,
    destination: request.destination,
    issueHash: issueSetHash(request.issueSet),
    ...(inMemory(list) ? { listHash: list.contentHash } : {}),
    mode: request.mode ?? 'send',
    force: Boolean(request.force),
    ...(request.listId ? { listId: request.listId } : {}),
    ...jobOptions,
  });
  try {
    if (inMemory(list)) {
      const makePlan = planner(request as SendRequest<SubscriberList>);
      const replan = async () => makePlan(await job.view(), await job.suppressed());
      return { job, plan: await replan(), replan, close: () => job.close() } as PreparedSend<DeliveryPlan> as PreparedSend<PlanOf<List>>;
    }
    const plan = await job.plan(listing(request as SendRequest<ListSource>));
    const prepared: PreparedSend<StoredPlan> = {
      job,
      plan,
      replan: async () => {
        await plan.refresh();
        return plan;
      },
      close: async () => {
        await plan.drop().catch(() => undefined);
        await job.close();
      },
    };
    return prepared as PreparedSend<PlanOf<List>>;
  } catch (error) {
    await job.close().catch(() => undefined);
    throw error;
  }
}

/**
 * A dry run's plan: no lease and no journal writes. Rows left in *sending* count as unknown
 * without writing that down, so it shows what `openSend` would plan; `changed` names the
 * inputs a real send would refuse without `force`. A streamed list's plan lives in the state
 * until `close()`.
 */
export async function planDryRun<List extends SubscriberList | ListSource>(
  state: DeliveryState,
  request: SendRequest<List>,
): Promise<{ plan: PlanOf<List>; changed: ChangedInput[]; close(): Promise<void> }> {
  const list = request.list as SubscriberList | ListSource;
  const job = state.journal.job(request.issueSet.id, request.destination, request.listId ? { listId: request.listId } : {});
  const changedFor = (plan: AnyPlan) => (request.mode === 'resend' || request.force ? Promise.resolve([]) : job.changedSince(plan.issueHash, plan.listHash));
  if (inMemory(list)) {
    const view = await job.view();
    const unknown = new Map(view.unknown);
    for (const entry of await job.entries('sending')) unknown.set(entry.key, entry.messageId ?? '');
    const suppressed = state.suppression ? await state.suppression.keys(request.listId) : new Map<string, SuppressionReason>();
    const plan = planner(request as SendRequest<SubscriberList>)({ sent: view.sent, unknown }, suppressed);
    return { plan: plan as PlanOf<List>, changed: await changedFor(plan), close: async () => undefined };
  }
  if (!state.plans) throw new Error('planDryRun of a list file needs a state with plans (state.plans)');
  // the plan's decisions count rows left in *sending* as unknown, as the real send will after its recovery
  const plan = await makeStoredPlan({
    ...listing(request as SendRequest<ListSource>),
    plans: state.plans,
    issueId: request.issueSet.id,
    destination: request.destination,
    kind: 'dry-run',
    mode: request.mode ?? 'send',
    issueHash: issueSetHash(request.issueSet),
    ...(request.listId ? { listId: request.listId } : {}),
  });
  try {
    return { plan: plan as PlanOf<List>, changed: await changedFor(plan), close: () => plan.drop() };
  } catch (error) {
    await plan.drop().catch(() => undefined);
    throw error;
  }
}

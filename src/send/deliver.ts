import { UserError } from '../errors.js';
import { StateError } from '../state/state-error.js';
import { classifyFailure } from './classify.js';
import type { Journal, JobJournal, ChangedInput, Claim, RecipientState } from './journal.js';
import { InputsChangedError, openDeliveryJob, type DeliveryJob } from './delivery-job.js';
import { PERIOD_MS, type RateLimit, type SendWindow } from '../config/send-limits.js';
import { DEFAULT_RETRY, Pacer, retryDelay, sleepUntil, systemClock, type Clock, type RetryPolicy, type WaitReason } from './pace.js';
import { summarizePlan } from './plan.js';
import { failureOf } from './transport-error.js';
import type { AnyPlan, DeliveryReport, OutgoingMessage, PlannedRecipient, PlanSummary, Transport } from './types.js';

/** Counts after every outcome, for a progress bar. */
export interface DeliveryProgress {
  sent: number;
  failed: number;
  unknown: number;
  pending: number;
  total: number;
}

export interface DeliverDeps {
  transport: Transport;
  journal: Journal;
  /** Builds one recipient's finished message; called just before the hand-over, never ahead of it. */
  compose(recipient: PlannedRecipient, messageId: string): OutgoingMessage | Promise<OutgoingMessage>;
  newMessageId(recipient: PlannedRecipient): string;
  /** Messages in flight at once (SMTP connections); at most this many can end up unknown after a kill. */
  concurrency: number;
  ratePerSecond?: number;
  ratePerHour?: number;
  /** A relay's limits per second, minute, hour and day, counted from the journal's hand-over times. */
  limits?: readonly RateLimit[];
  /** When sending may happen at all. */
  window?: SendWindow;
  /**
   * `--wait`: sleep through any wait for a limit or the window. Without it a wait longer than
   * `maxWaitMs` ends the run as `paused`, with the time the next slot opens.
   */
  waitForSlots?: boolean;
  /** The longest wait slept through without `waitForSlots`; default an hour. */
  maxWaitMs?: number;
  /** Called when the run starts a wait longer than a few seconds (`--wait` shows when it resumes). */
  onWait?(wait: { until: number; reason?: WaitReason }): void;
  retry?: RetryPolicy;
  /** Permanent or connection failures in a row (4xx replies not counted) that pause the run; default 20. */
  maxConsecutiveFailures?: number;
  /** Abort = Ctrl-C: what is in flight finishes and is written, then the run returns 'interrupted'. */
  signal?: AbortSignal;
  onProgress?(progress: DeliveryProgress): void;
  /** A 5xx with 5.1.x: the caller puts the address on the suppression list as bounced. */
  onBounce?(email: string, reply: string): void | Promise<void>;
  /** Resume although the issue or the list changed since the last run (`--force`). */
  force?: boolean;
  /**
   * The job the plan was made from (see openDeliveryJob): its lease, recovery and checks are
   * done already. Without it deliverIssue opens (and closes) its own, with `force`.
   */
  job?: DeliveryJob;
  /** Injectable time for tests; real time by default. */
  clock?: Clock;
  /** How long a 421 halves the pace; default 60 s. */
  slowDownMs?: number;
}

export { InputsChangedError };

/** The journal could not be written during a run: it stopped, and nobody is handed over twice. */
export class StateStoppedError extends UserError {
  readonly report: DeliveryReport;
  constructor(cause: StateError, report: DeliveryReport) {
    super(`the send stopped: ${cause.message} (${report.sent} sent in this run, ${report.unknown} with an unknown outcome)`, {
      hint: `${cause.hint ?? 'fix the state'}; then run the same command again: it resumes, and readers whose outcome is unknown are not mailed again unless you choose --resend-unknown`,
      cause,
    });
    this.name = 'StateStoppedError';
    this.report = report;
  }
}

interface Item {
  recipient: PlannedRecipient;
  /** Failed tries in this run so far. */
  attempt: number;
  firstAt?: number;
  dueAt?: number;
  /** The Message-ID the journal gave this reader on an earlier try. */
  messageId?: string;
}

/**
 * One worker's accepted message whose outcome is not written yet: it is committed with the
 * worker's next claim (one commit for both), or alone before a wait and when the worker
 * ends. Each worker has at most one row in *sending* at any time, as before.
 */
interface Lane {
  sent?: { key: string; reply: string };
}

const MAX_LISTED_FAILURES = 1000;

/**
 * Delivers a plan: the only code that talks to a server and writes the journal. Takes the
 * sender lock unless this journal holds it already, turns rows a dead run left in *sending*
 * into *unknown*, refuses changed inputs unless `force`, then feeds `concurrency` workers
 * one recipient at a time: *sending* is committed before each hand-over, the outcome before
 * that worker's next one (an acceptance in the same commit as the next *sending*). Retries
 * 4xx and pre-hand-over connection losses with backoff, leaves what is still deferred
 * pending for the next run. The caller closes the transport.
 * A plan in memory (planDelivery) or in the state (makeStoredPlan): a stored one is read
 * page by page, so memory stays flat however many readers it has.
 */
export async function deliverIssue(plan: AnyPlan, deps: DeliverDeps): Promise<DeliveryReport> {
  const clock = deps.clock ?? systemClock;
  const startedAt = clock.now();
  const owned = deps.job
    ? undefined
    : await openDeliveryJob({
        state: { journal: deps.journal },
        issueId: plan.issueId,
        destination: plan.destination,
        issueHash: plan.issueHash,
        listHash: plan.listHash,
        mode: plan.mode,
        force: deps.force,
      });
  const delivery = (deps.job ?? owned)!;
  const job = delivery.journal;
  try {
    const summary = summarizePlan(plan);
    const run = await job.beginRun(plan, summary.recipients);
    if ('stored' in plan) await plan.addToJournal();
    else {
      await job.addPending(
        (function* () {
          for (const r of plan.recipients) yield { key: r.subscriber.key, email: r.subscriber.email, lang: r.lang };
        })(),
      );
    }
    const pacer = await makePacer(deps, plan.destination, clock);
    const feed = ('stored' in plan ? plan.cursor() : arrayFeed(plan.recipients))[Symbol.asyncIterator]();
    const outcome = await new DeliveryRun(plan, summary, feed, deps, job, pacer, clock, delivery.lost).run();
    await job.finishRun(run.id, outcome.fatal ? 'error' : runEnding(outcome.report)).catch((error) => {
      outcome.fatal ??= error;
    });
    if (outcome.fatal instanceof StateError) throw new StateStoppedError(outcome.fatal, outcome.report);
    if (outcome.fatal) throw outcome.fatal;
    const report = outcome.report;
    report.durationMs = clock.now() - startedAt;
    if (delivery.recovered.length > 0) report.recoveredUnknown = delivery.recovered.length;
    if (delivery.tookOverFrom) report.lockTakenOverFrom = { pid: delivery.tookOverFrom.pid, host: delivery.tookOverFrom.host, since: delivery.tookOverFrom.since };
    return report;
  } finally {
    await owned?.close().catch(() => undefined);
  }
}

/** The limits and the window, with the hand-over times of the longest limit's period from the journal. */
async function makePacer(deps: DeliverDeps, destination: string, clock: Clock): Promise<Pacer> {
  const periods = [...(deps.limits ?? []).map((l) => PERIOD_MS[l.per]), deps.ratePerSecond ? 1000 : 0, deps.ratePerHour ? PERIOD_MS.hour : 0];
  const longest = Math.max(0, ...periods);
  const history = longest > 0 ? await deps.journal.recentHandOvers(destination, clock.now() - longest) : [];
  return new Pacer({ ratePerSecond: deps.ratePerSecond, ratePerHour: deps.ratePerHour, limits: deps.limits, window: deps.window, clock, history });
}

/**
 * What the run record keeps of how a run ended: the stop reason, and for a pause when it
 * may go on, e.g. `paused until 2026-06-16T06:00:00.000Z (day)` (`status` shows it).
 */
function runEnding(report: DeliveryReport): string | undefined {
  if (report.stoppedBecause !== 'paused' || report.pausedUntil === undefined) return report.stoppedBecause;
  return `paused until ${new Date(report.pausedUntil).toISOString()}${report.pausedFor ? ` (${report.pausedFor})` : ''}`;
}

/** When a run record says a run paused: until when, and why. */
export function pausedRun(ending: string | undefined): { until: number; reason?: WaitReason } | undefined {
  const match = /^paused until (\S+)(?: \((second|minute|hour|day|window)\))?$/.exec(ending ?? '');
  if (!match || !Number.isFinite(Date.parse(match[1]))) return undefined;
  return { until: Date.parse(match[1]), ...(match[2] ? { reason: match[2] as WaitReason } : {}) };
}

async function* arrayFeed(recipients: readonly PlannedRecipient[]): AsyncGenerator<PlannedRecipient> {
  yield* recipients;
}

/** Waits this long or longer are announced (`onWait`). */
const ANNOUNCED_WAIT_MS = 10_000;

/** One run's shared state: the queue, the counters, and why it stopped. */
class DeliveryRun {
  /** The feed has no more readers (what is left is retries). */
  private exhausted = false;
  private readonly retries: Item[] = [];
  private sent = 0;
  private failed = 0;
  private unknown = 0;
  private alreadySent = 0;
  /** Suppressed after the plan was made, before their turn came. */
  private suppressedMeanwhile = 0;
  /** Planned but not this mode's business (e.g. `resend-unknown` meeting a settled row). */
  private ignored = 0;
  private consecutiveFailures = 0;
  private handled = 0;
  private readonly failures: DeliveryReport['failures'] = [];
  private stoppedBecause?: string;
  /** The server's reply that stopped the run (a refused sender, a failed login). */
  private stopReply?: string;
  private fatal?: unknown;
  /** Set when the run stopped to wait for a limit or the window: when the next slot opens, and why. */
  private paused?: { until: number; reason?: WaitReason };
  /** Aborts every wait when the run stops for any reason. */
  private readonly halt = new AbortController();
  private readonly policy: RetryPolicy;
  private readonly concurrency: number;
  private readonly maxFailures: number;

  constructor(
    private readonly plan: AnyPlan,
    private readonly summary: PlanSummary,
    /** The plan's readers in line order; an async generator queues concurrent calls, so the workers may share it. */
    private readonly feed: AsyncIterator<PlannedRecipient>,
    private readonly deps: DeliverDeps,
    private readonly job: JobJournal,
    private readonly pacer: Pacer,
    private readonly clock: Clock,
    private readonly leaseLost: AbortSignal,
  ) {
    this.policy = deps.retry ?? DEFAULT_RETRY;
    this.concurrency = Math.max(1, Math.floor(deps.concurrency));
    this.maxFailures = deps.maxConsecutiveFailures ?? 20;
  }

  async run(): Promise<{ report: DeliveryReport; fatal?: unknown }> {
    const onAbort = () => this.stop('interrupted');
    // someone broke or took the lease: what is in flight finishes, nothing new starts
    const onLost = () => this.halt_(this.leaseLost.reason);
    if (this.deps.signal?.aborted) onAbort();
    if (this.leaseLost.aborted) onLost();
    this.deps.signal?.addEventListener('abort', onAbort, { once: true });
    this.leaseLost.addEventListener('abort', onLost, { once: true });
    try {
      await Promise.all(Array.from({ length: this.concurrency }, (_, index) => this.worker(index)));
    } finally {
      this.deps.signal?.removeEventListener('abort', onAbort);
      this.leaseLost.removeEventListener('abort', onLost);
    }
    return { report: this.report(), ...(this.fatal !== undefined ? { fatal: this.fatal } : {}) };
  }

  private stop(reason: string): void {
    this.stoppedBecause ??= reason;
    this.halt.abort();
  }

  private async worker(index: number): Promise<void> {
    const lane: Lane = {};
    try {
      while (!this.halt.signal.aborted) {
        // after a 421 only half of the workers carry on until the pace is back
        if (index >= Math.ceil(this.concurrency / 2) && this.pacer.isSlowed()) {
          if (!this.hasWork()) return;
          await this.settleLane(lane);
          // short naps, so a run that ends meanwhile is not kept waiting
          await this.clock.sleep(Math.min(1000, this.pacer.slowedUntil - this.clock.now()), this.halt.signal);
          continue;
        }
        const item = await this.take();
        if (item === undefined) return;
        if (typeof item === 'number') {
          await this.settleLane(lane);
          await this.clock.sleep(item, this.halt.signal);
          continue;
        }
        await this.deliver(item, lane);
        // a transport that answers at once (outbox on a fast disk, a fake) would otherwise
        // starve the event loop: no Ctrl-C, no progress bar until the end
        if (++this.handled % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await this.settleLane(lane);
    }
  }

  private hasWork(): boolean {
    return !this.exhausted || this.retries.length > 0;
  }

  /** A due retry, else the next recipient, else how long until the next retry is due; undefined when all is done. */
  private async take(): Promise<Item | number | undefined> {
    const due = this.soonestRetry();
    if (due >= 0 && this.retries[due].dueAt! <= this.clock.now()) return this.retries.splice(due, 1)[0];
    if (!this.exhausted) {
      const next = await this.feed.next();
      if (!next.done) return { recipient: next.value, attempt: 0 };
      this.exhausted = true;
    }
    // the retries may have changed while the feed was read
    const soonest = this.soonestRetry();
    if (soonest >= 0) return Math.max(1, this.retries[soonest].dueAt! - this.clock.now());
    return undefined;
  }

  private soonestRetry(): number {
    let soonest = -1;
    for (let i = 0; i < this.retries.length; i++) {
      if (soonest < 0 || this.retries[i].dueAt! < this.retries[soonest].dueAt!) soonest = i;
    }
    return soonest;
  }

  /** The states a reader's row may be in to be handed over: the plan should have left the others out; the journal is the truth. */
  private acceptedStates(item: Item): readonly RecipientState[] | undefined {
    if (item.attempt > 0 || this.plan.mode === 'resend') return undefined;
    return this.plan.mode === 'resend-unknown' ? ['unknown'] : ['pending', 'sending', 'failed'];
  }

  private async deliver(item: Item, lane: Lane): Promise<void> {
    const { recipient } = item;
    const key = recipient.subscriber.key;
    // never two marks of one row in one claim
    if (lane.sent?.key === key) await this.settleLane(lane);
    if (!(await this.awaitSlot(lane))) return;
    let messageId = item.messageId ?? recipient.messageId ?? this.deps.newMessageId(recipient);
    // composed before the claim: a row in *sending* is about to go out, not waiting for the CPU
    let message = await this.compose(recipient, messageId);
    if (!message) return;
    // Ctrl-C during compose: this one has not gone out, it stays pending (a pause lets
    // the messages whose slot has come go out: the limits counted them)
    if (this.halt.signal.aborted && this.stoppedBecause !== 'paused') {
      message.release?.();
      return;
    }

    const sent = lane.sent;
    lane.sent = undefined;
    let claim: Claim;
    try {
      claim = await this.job.claim(key, { messageId, atMs: this.clock.now(), states: this.acceptedStates(item), ...(sent ? { sent } : {}) });
    } catch (error) {
      // not handed over: the reader stays as they were, the run stops; the previous
      // outcome was not written either, so it is tried alone
      message.release?.();
      lane.sent = sent;
      await this.settleLane(lane);
      return this.halt_(error);
    }
    if (!claim.claimed) {
      message.release?.();
      if (claim.why === 'state' && claim.state === 'sent' && this.plan.mode !== 'resend') return this.count(() => this.alreadySent++);
      if (claim.why === 'state' && claim.state === 'unknown') return this.count(() => this.unknown++);
      if (claim.why === 'state' || (claim.why === 'missing' && this.plan.mode === 'resend-unknown' && item.attempt === 0)) return this.count(() => this.ignored++);
      // unsubscribed (or bounced) while this send ran: the check sits in the same statement
      // that marks the row, so whoever is on the list by now gets nothing
      return this.count(() => this.suppressedMeanwhile++);
    }
    item.messageId = claim.messageId;
    if (claim.messageId !== messageId) {
      // the journal holds this reader's Message-ID from an earlier try: the message carries that one
      message.release?.();
      messageId = claim.messageId;
      message = await this.compose(recipient, messageId);
      if (!message) {
        await this.job.markPending(key).catch(() => undefined);
        return;
      }
    }
    let reply;
    try {
      reply = await this.deps.transport.send(message);
    } catch (error) {
      return this.settleFailure(item, error).catch((journalError) => this.halt_(journalError));
    }
    this.consecutiveFailures = 0;
    // counted now (the server has it), written with the next claim
    lane.sent = { key, reply: reply.response };
    this.count(() => this.sent++);
  }

  /** The message of one reader, or undefined when composing failed: then the run stops. */
  private async compose(recipient: PlannedRecipient, messageId: string): Promise<OutgoingMessage | undefined> {
    try {
      return await this.deps.compose(recipient, messageId);
    } catch (error) {
      this.fatal ??= error;
      this.stop('error');
      return undefined;
    }
  }

  /** Writes the lane's accepted message as sent, alone; when that fails, the reader is unknown and the run stops. */
  private async settleLane(lane: Lane): Promise<void> {
    const sent = lane.sent;
    if (!sent) return;
    lane.sent = undefined;
    try {
      await this.job.markSent(sent.key, sent.reply);
    } catch (error) {
      // the server has the message but the journal does not say so: the row stays *sending*,
      // which the next start turns into *unknown* — never handed over again blindly
      this.sent--;
      this.unknown++;
      await this.job.markUnknown(sent.key, `accepted (${sent.reply}), but the journal could not record it`).catch(() => undefined);
      return this.halt_(error);
    }
  }

  /** A journal write failed: stop the run (what is in flight finishes) and report that error. */
  private halt_(error: unknown): void {
    this.fatal ??= error;
    this.stop('state-error');
  }

  /**
   * Waits for this message's slot. A wait longer than `maxWaitMs` ends the run as paused,
   * unless `waitForSlots`; then the wait re-reads the clock in steps (a machine that slept,
   * a clock that was set). False when the run stopped meanwhile: the reader stays pending.
   */
  private async awaitSlot(lane: Lane): Promise<boolean> {
    const slot = this.pacer.reserveSlot();
    const wait = slot.at - this.clock.now();
    if (wait <= 0) return true;
    // the previous outcome is not left unwritten through a wait
    await this.settleLane(lane);
    if (wait > (this.deps.maxWaitMs ?? PERIOD_MS.hour) && !this.deps.waitForSlots) {
      this.paused ??= { until: slot.at, ...(slot.reason ? { reason: slot.reason } : {}) };
      this.stop('paused');
      return false;
    }
    if (wait >= ANNOUNCED_WAIT_MS) this.deps.onWait?.({ until: slot.at, ...(slot.reason ? { reason: slot.reason } : {}) });
    if (await sleepUntil(slot.at, this.clock, this.halt.signal)) return true;
    // another connection paused the run meanwhile: a slot that has come still goes out
    return this.stoppedBecause === 'paused' && this.clock.now() >= slot.at;
  }

  private async settleFailure(item: Item, error: unknown): Promise<void> {
    const { recipient } = item;
    const key = recipient.subscriber.key;
    const failure = failureOf(error);
    const verdict = classifyFailure(failure);
    const reply = failure.response ?? `${verdict.reason}: ${failure.message}`;
    const now = this.clock.now();
    if (verdict.slowDown) this.pacer.slowDown(now + (this.deps.slowDownMs ?? 60_000));
    if (verdict.action === 'retry' && verdict.connection) this.consecutiveFailures++;

    switch (verdict.action) {
      case 'retry': {
        const attempts = item.attempt + 1;
        const firstAt = item.firstAt ?? now;
        const delay = retryDelay(attempts, this.policy, this.clock.random);
        // queued before the journal write: a worker looking for work meanwhile must see it
        // out of tries: left pending for the next run
        if (attempts < this.policy.maxAttempts && now + delay - firstAt <= this.policy.maxTotalMs) {
          this.retries.push({ recipient, attempt: attempts, firstAt, dueAt: now + delay, ...(item.messageId ? { messageId: item.messageId } : {}) });
        }
        await this.job.markPending(key, reply);
        break;
      }
      case 'bounce':
      case 'fail': {
        const bounced = verdict.action === 'bounce';
        await this.job.markFailed(key, reply, bounced);
        this.failed++;
        this.consecutiveFailures++;
        if (this.failures.length < MAX_LISTED_FAILURES) this.failures.push({ email: recipient.subscriber.email, reply, bounced });
        if (bounced) await this.deps.onBounce?.(recipient.subscriber.email, reply);
        break;
      }
      case 'unknown':
        await this.job.markUnknown(key, reply);
        this.unknown++;
        this.consecutiveFailures++;
        break;
      case 'stop':
        // not this reader's fault: they stay pending
        this.stopReply ??= reply;
        await this.job.markPending(key, reply);
        this.stop(verdict.stop ?? 'stopped');
        break;
    }
    if (this.consecutiveFailures >= this.maxFailures) this.stop('too-many-failures');
    this.count(() => undefined);
  }

  private count(change: () => void): void {
    change();
    if (!this.deps.onProgress) return;
    const total = this.summary.recipients - this.ignored - this.suppressedMeanwhile;
    const sent = this.sent + this.alreadySent;
    this.deps.onProgress({ sent, failed: this.failed, unknown: this.unknown, pending: total - sent - this.failed - this.unknown, total });
  }

  private report(): DeliveryReport {
    const skipped = { ...this.summary.skipped };
    skipped.already_sent += this.alreadySent;
    skipped.unsubscribed += this.suppressedMeanwhile;
    const recipients = this.summary.recipients - this.alreadySent - this.ignored - this.suppressedMeanwhile;
    return {
      issue: this.plan.issueId,
      destination: this.plan.destination,
      recipients,
      sent: this.sent,
      failed: this.failed,
      unknown: this.unknown,
      pending: recipients - this.sent - this.failed - this.unknown,
      skipped,
      failures: this.failures,
      durationMs: 0,
      ...(this.stoppedBecause ? { stoppedBecause: this.stoppedBecause } : {}),
      ...(this.paused ? { pausedUntil: this.paused.until, ...(this.paused.reason ? { pausedFor: this.paused.reason } : {}) } : {}),
      ...(this.stopReply ? { stopReply: this.stopReply } : {}),
    };
  }
}

// A journal that remembers nothing: the same delivery code path as a real send, minus
// SQLite, to see what the journal costs. Never for real use: it breaks resuming.

/** A `JobJournal` whose every write is a no-op and every read finds nothing. */
function noopJob(issueId, destination) {
  return {
    issueId,
    destination,
    view: () => ({ sent: new Set(), unknown: new Map() }),
    keys: () => new Set(),
    entry: () => undefined,
    lastRun: () => undefined,
    changedSince: () => [],
    recoverInterrupted: () => [],
    beginRun: (plan, recipients) => ({ id: 1, issueId, destination, mode: plan.mode, issueHash: plan.issueHash, listHash: plan.listHash, generation: 1, pid: process.pid, recipients, startedAt: new Date().toISOString() }),
    finishRun() {},
    addPending() {},
    markSending() {},
    markSent() {},
    markFailed() {},
    markUnknown() {},
    markPending() {},
    summary: () => ({ issueId, destination, recipients: 0, pending: 0, sending: 0, sent: 0, failed: 0, bounced: 0, unknown: 0 }),
  };
}

/** A `Journal` for `deliverIssue` that writes nothing (see src/send/journal.ts for the real one). */
export function createNoopJournal() {
  return {
    db: undefined,
    job: noopJob,
    status: () => [],
    recentHandOvers: () => [],
    lock: (issueId, destination) => ({ issueId, destination, release() {} }),
    holdsLock: () => false,
  };
}

// A journal that remembers nothing: the same delivery code path as a real send, minus
// SQLite, to see what the journal costs. Never for real use: it breaks resuming.

/** A `JobJournal` whose every write is a no-op and every read finds nothing. */
function noopJob(issueId, destination) {
  return {
    issueId,
    destination,
    view: async () => ({ sent: new Set(), unknown: new Map() }),
    keys: async () => new Set(),
    entry: async () => undefined,
    entries: async () => [],
    lastRun: async () => undefined,
    changedSince: async () => [],
    recoverInterrupted: async () => [],
    beginRun: async (plan, recipients) => ({ id: 1, issueId, destination, mode: plan.mode, issueHash: plan.issueHash, listHash: plan.listHash, generation: 1, pid: process.pid, recipients, startedAt: new Date().toISOString() }),
    async finishRun() {},
    async addPending() {},
    // true: nobody was suppressed meanwhile, hand it over
    markSending: async () => true,
    // handed over with the Message-ID it came with, as a journal without a row for it would
    claim: async (_key, { messageId }) => ({ claimed: true, messageId }),
    async markSent() {},
    async markFailed() {},
    async markUnknown() {},
    async markPending() {},
    summary: async () => ({ issueId, destination, recipients: 0, pending: 0, sending: 0, sent: 0, failed: 0, bounced: 0, unknown: 0 }),
  };
}

/** A `JournalStore` for `deliverIssue` that writes nothing (see src/state/types.ts for the real one). */
export function createNoopJournal() {
  return {
    job: noopJob,
    status: async () => [],
    findRecipient: async () => [],
    entriesOf: async () => [],
    findByMessageId: async () => undefined,
    recordLateOutcome: async () => false,
    recentHandOvers: async () => [],
    countHandOvers: async () => 0,
    acquireLease: async (issueId, destination) => ({ issueId, destination, owner: 'bench', renew: async () => true, async release() {} }),
    leaseHolder: async () => undefined,
    breakLease: async () => false,
    leases: async () => [],
  };
}

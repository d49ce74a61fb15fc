/** The send stage: plan (pure), compose (render once, personalise many), deliver (journal, transports). */
export type * from './types.js';
export { planDelivery, countSkipped, recipientsByLanguage, type PlanInput, type JournalView} from './plan.js';
export { createMessageComposer, newMessageId, senderOf, type ComposerOptions, type MessageComposer } from './message.js';
export { createDkimSigner, DKIM_SIGNED_HEADERS, type DkimOptions, type DkimSigner } from './dkim.js';
export { deliverIssue, StateStoppedError, type DeliverDeps, type DeliveryProgress } from './deliver.js';
export { openDeliveryJob, InputsChangedError, LeaseLostError, HEARTBEAT_MS, LEASE_MS, type DeliveryJob, type DeliveryJobInput, type DeliveryState } from './delivery-job.js';
export { issueSetHash } from './issue-hash.js';
export type { Journal, JobJournal, JournalEntry, JournalSummary, RecipientState } from './journal.js';
export { classifyFailure, type FailureVerdict } from './classify.js';
export { SendLockedError } from './lock.js';
export { parseSmtpUrl, redact } from './smtp-url.js';
export { TransportError } from './transport-error.js';
export { createSmtpTransport, type SmtpTransportOptions } from './transport-smtp.js';
export { createOutboxTransport } from './transport-outbox.js';
export { createRecordingTransport, type RecordingTransport } from './transport-recording.js';

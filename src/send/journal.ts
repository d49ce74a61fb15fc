/**
 * The send journal as the send stage sees it: one row per reader per (issue, destination),
 * *sending* committed before each hand-over and the outcome after it. It lives in the
 * state store (src/state/), SQLite or PostgreSQL; these are its names on the send side.
 */
export type {
  ChangedInput,
  Claim,
  ClaimOptions,
  JobJournal,
  JournalEntry,
  JournalStore as Journal,
  JournalSummary,
  JournalView,
  LateOutcome,
  RecipientState,
  RunRecord,
} from '../state/types.js';

/**
 * The suppression list as the unsubscribe stage sees it: everyone who must not get mail
 * again. It lives in the state store (src/state/), SQLite or PostgreSQL.
 */
export { suppressionKey } from '../state/suppression-key.js';
export { SUPPRESSION_REASONS, suppressionKind } from '../state/types.js';
export type {
  NewSuppression,
  SuppressionEntry,
  SuppressionKind,
  SuppressionReason,
  SuppressionSource,
  SuppressionStore as SuppressionList,
} from '../state/types.js';

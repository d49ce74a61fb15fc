/** The state: suppression list, send journal and send leases behind one interface (SQLite or PostgreSQL). */
export type * from './types.js';
export { SUPPRESSION_REASONS, suppressionKind } from './types.js';
export { openStateDatabase, resolveStateDir, STATE_FILE_NAME, type StateDatabase } from './database.js';
export { openState, resolveStateLocation, describeLocation, type StateLocation, type OpenStateOptions } from './state-location.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/store.js';
export { StateError, type StateProblem } from './state-error.js';
export { SendLockedError } from './lease-error.js';
export { suppressionKey } from './suppression-key.js';
export { PROCESS_IDENTITY } from './process-identity.js';
export type * from './plan-types.js';
export { PLAN_DECISIONS } from './plan-types.js';

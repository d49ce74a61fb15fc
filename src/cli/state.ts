import { isAbsolute, join, relative } from 'node:path';
import type { Config } from '../config/types.js';
import { STATE_FILE_NAME } from '../state/database.js';
import { describeLocation, openState, resolveStateLocation, type OpenStateOptions, type StateLocation } from '../state/state-location.js';
import type { StateStore } from '../state/types.js';
import { projectDirOf } from './context.js';
import { warn } from './output.js';

/**
 * The state a command uses: `--state DIR`, else NEWSLETTER_DATABASE_URL or
 * NEWSLETTER_STATE_DIR, else the config's `state.url`, else `.newsletter/` beside the project.
 */
export function stateLocationOf(config: Pick<Config, 'dir' | 'state'> | undefined, globals: { state?: string }): StateLocation {
  return resolveStateLocation(projectDirOf(config), globals.state, process.env, config?.state?.url);
}

/** Where the state is, with its backend: `{backend: 'sqlite', location: '/srv/news/.newsletter/state.sqlite'}`; a URL never with its password. */
export function stateJson(location: StateLocation): { backend: StateLocation['backend']; location: string } {
  return { backend: location.backend, location: location.backend === 'sqlite' ? join(location.dir, STATE_FILE_NAME) : describeLocation(location) };
}

/**
 * The state by backend and place, one wording for every command: `state: SQLite .newsletter/state.sqlite`
 * (relative to the working folder when inside it) or `state: PostgreSQL postgres://newsletter@db:5432/news`, never a password.
 */
export function stateLine(location: StateLocation): string {
  const { location: where } = stateJson(location);
  if (location.backend === 'postgres') return `state: PostgreSQL ${where}`;
  const near = relative(process.cwd(), where);
  return `state: SQLite ${near && !near.startsWith('..') && !isAbsolute(near) ? near : where}`;
}

/** Said while a busy state is waited on, so a pause is never a mystery. */
export function stateBusy(attempt: number, of: number): void {
  warn(`the state is busy (another program is writing it); waiting and trying again (${attempt} of ${of})`);
}

/** Opens the state for a command, saying so while it waits on a busy one. */
export function openCliState(location: StateLocation, options: OpenStateOptions & { existingOnly: true }): Promise<StateStore | undefined>;
export function openCliState(location: StateLocation, options?: OpenStateOptions): Promise<StateStore>;
export function openCliState(location: StateLocation, options: OpenStateOptions = {}): Promise<StateStore | undefined> {
  return openState(location, { onBusy: stateBusy, ...options });
}

import { UserError } from '../errors.js';
import { resolveStateDir } from './database.js';
import { databaseUrlHasPassword, isPostgresUrl, redactDatabaseUrl } from './postgres/pg-url.js';
import { openExistingSqliteStore, openSqliteStore, type SqliteStoreOptions } from './sqlite/store.js';
import type { StateStore } from './types.js';

/** Where the state lives: an SQLite folder (the default) or a PostgreSQL database every machine reaches. */
export type StateLocation = { backend: 'sqlite'; dir: string } | { backend: 'postgres'; url: string };

/**
 * The state of a project, first match wins: `--state DIR` (an SQLite folder), the
 * environment's NEWSLETTER_DATABASE_URL (PostgreSQL) or NEWSLETTER_STATE_DIR (SQLite), the
 * config's `state: {url}` (PostgreSQL, no password), else `.newsletter/` beside the config.
 */
export function resolveStateLocation(
  projectDir: string,
  flag?: string,
  env: NodeJS.ProcessEnv = process.env,
  configUrl?: string,
): StateLocation {
  if (flag) return { backend: 'sqlite', dir: resolveStateDir(projectDir, flag, env) };
  const envUrl = env.NEWSLETTER_DATABASE_URL?.trim();
  if (envUrl) {
    if (!isPostgresUrl(envUrl)) {
      throw new UserError(`NEWSLETTER_DATABASE_URL must be a postgres:// URL, found ${JSON.stringify(redactDatabaseUrl(envUrl))}`, {
        hint: 'e.g. NEWSLETTER_DATABASE_URL=postgres://newsletter@db.example.org:5432/newsletter; for a folder use --state DIR or NEWSLETTER_STATE_DIR',
      });
    }
    return { backend: 'postgres', url: envUrl };
  }
  if (env.NEWSLETTER_STATE_DIR) return { backend: 'sqlite', dir: resolveStateDir(projectDir, undefined, env) };
  if (configUrl) {
    if (databaseUrlHasPassword(configUrl)) {
      throw new UserError('the config\'s state.url holds a password: secrets do not belong in the config file', {
        hint: 'remove it there and give it as PGPASSWORD, in ~/.pgpass, or in NEWSLETTER_DATABASE_URL in the environment',
      });
    }
    return { backend: 'postgres', url: configUrl };
  }
  return { backend: 'sqlite', dir: resolveStateDir(projectDir, undefined, env) };
}

/** How a location is shown to a user: the folder, or the URL without a password. */
export function describeLocation(location: StateLocation): string {
  return location.backend === 'sqlite' ? location.dir : redactDatabaseUrl(location.url);
}

export interface OpenStateOptions extends SqliteStoreOptions {
  /** Undefined instead of creating an SQLite state that does not exist yet (read-only commands). */
  existingOnly?: boolean;
}

/** Opens the state at `location`; `existingOnly` gives undefined when no SQLite state was ever made. */
export function openState(location: StateLocation, options: OpenStateOptions & { existingOnly: true }): Promise<StateStore | undefined>;
export function openState(location: StateLocation, options?: OpenStateOptions): Promise<StateStore>;
export async function openState(location: StateLocation, options: OpenStateOptions = {}): Promise<StateStore | undefined> {
  if (location.backend === 'postgres') {
    // loaded only when used: the SQLite quickstart never loads the pg client
    const { openPostgresStore } = await import('./postgres/store.js');
    return openPostgresStore(location.url, { onBusy: options.onBusy });
  }
  return options.existingOnly ? openExistingSqliteStore(location.dir, options) : openSqliteStore(location.dir, options);
}

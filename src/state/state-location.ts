import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStateDatabase, STATE_FILE_NAME, type StateDatabase } from './database.js';

/**
 * The state database of `stateDir` if one was ever made, else undefined: commands that
 * only read state (`subscribers check`) must not leave an empty `.newsletter/` behind.
 */
export function openExistingStateDatabase(stateDir: string): StateDatabase | undefined {
  return existsSync(join(stateDir, STATE_FILE_NAME)) ? openStateDatabase(stateDir) : undefined;
}

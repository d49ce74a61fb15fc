import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import { journalListingContract } from '../helpers/journal-listing-suites.js';
import { stateContract } from '../helpers/state-suites.js';

stateContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-state-'));
  return { store: openSqliteStore(dir), reopen: async () => openSqliteStore(dir) };
});

journalListingContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-state-'));
  return { store: openSqliteStore(dir), reopen: async () => openSqliteStore(dir) };
});

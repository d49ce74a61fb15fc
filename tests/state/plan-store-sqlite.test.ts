import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import { planContract } from '../helpers/plan-suites.js';

planContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-plan-'));
  return { store: openSqliteStore(dir), reopen: async () => openSqliteStore(dir) };
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import { deliveryContract } from '../helpers/delivery-suites.js';

deliveryContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-job-'));
  return { store: openSqliteStore(dir), reopen: async () => openSqliteStore(dir) };
});

import { openPostgresStore } from '../../src/state/postgres/store.js';
import { usePostgres } from '../helpers/postgres.js';
import { planContract } from '../helpers/plan-suites.js';

const server = usePostgres();

planContract('PostgreSQL', async () => {
  const url = await server.createDatabase();
  return { store: await openPostgresStore(url), reopen: () => openPostgresStore(url) };
});

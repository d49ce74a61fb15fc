import { openPostgresStore } from '../../src/state/postgres/store.js';
import { deliveryContract } from '../helpers/delivery-suites.js';
import { usePostgres } from '../helpers/postgres.js';

const server = usePostgres();

deliveryContract('PostgreSQL', async () => {
  const url = await server.createDatabase();
  return { store: await openPostgresStore(url), reopen: () => openPostgresStore(url) };
});

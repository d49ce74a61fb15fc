import { openPostgresStore } from '../../src/state/postgres/store.js';
import { deliveryContract } from '../helpers/delivery-suites.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

deliveryContract('PostgreSQL', async () => {
  const url = await server.createDatabase();
  return { store: await openPostgresStore(url), reopen: () => openPostgresStore(url) };
});

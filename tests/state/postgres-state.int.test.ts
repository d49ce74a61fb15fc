import { openPostgresStore } from '../../src/state/postgres/store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { stateContract } from '../helpers/state-suites.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

stateContract('PostgreSQL', async () => {
  const url = await server.createDatabase();
  return { store: await openPostgresStore(url), reopen: () => openPostgresStore(url) };
});

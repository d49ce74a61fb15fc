import { openPostgresStore } from '../../src/state/postgres/store.js';
import { usePostgres } from '../helpers/postgres.js';
import { journalListingContract } from '../helpers/journal-listing-suites.js';
import { stateContract } from '../helpers/state-suites.js';

const server = usePostgres();

stateContract('PostgreSQL', async () => {
  const url = await server.createDatabase();
  return { store: await openPostgresStore(url), reopen: () => openPostgresStore(url) };
});

journalListingContract('PostgreSQL', async () => {
  const url = await server.createDatabase();
  return { store: await openPostgresStore(url), reopen: () => openPostgresStore(url) };
});

import pg from 'pg';
/**
 * A throwaway PostgreSQL server per test file, started in beforeAll and stopped in afterAll.
 * The start-up itself is in postgres-server.mjs, which the benchmark uses too.
 */
import { startPostgres, type TestPostgres } from './postgres-server.mjs';

export { startPostgres, type TestPostgres };

/**
 * One server for the calling test file: started in beforeAll, stopped in afterAll. The
 * returned handle reads the running server, so tests use it like the server itself.
 */
export function usePostgres(): Omit<TestPostgres, 'stop' | 'stopSync' | 'pause' | 'resume'> {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): TestPostgres => {
    if (!server) throw new Error('the test PostgreSQL server is not running (its beforeAll failed or has not run yet)');
    return server;
  };
  return {
    get adminUrl() { return started().adminUrl; },
    get host() { return started().host; },
    get port() { return started().port; },
    get password() { return started().password; },
    createDatabase: (name) => started().createDatabase(name),
    sql: (database, text) => started().sql(database, text),
  };
}

/** Runs one query on its own connection and gives back its rows: for tests that look at or change the database directly. */
export async function pgRows<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

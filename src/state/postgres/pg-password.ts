import { createRequire } from 'node:module';
import type pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';

type PgPass = (connection: object, found: (password?: string) => void) => void;

/**
 * The client config of `url`. When neither the URL nor PGPASSWORD holds a password, the
 * password is looked up in ~/.pgpass (or PGPASSFILE) as libpq does, by a function pg calls
 * only when the server asks for one: pg's own lookup prints a deprecation warning on stderr.
 */
export function pgConnection(url: string, env: NodeJS.ProcessEnv = process.env): pg.ClientConfig {
  const config = parseIntoClientConfig(url);
  if (config.password || env.PGPASSWORD !== undefined) return { connectionString: url };
  const pgpass = createRequire(import.meta.url)('pgpass') as PgPass;
  // pg hands the function its connection parameters (host, port, database, user), what ~/.pgpass
  // is matched by; nothing found (undefined) lets the server's refusal say so
  const lookUp = (connection: object) => new Promise<string | undefined>((resolve) => pgpass(connection, resolve));
  return { ...config, password: lookUp as unknown as () => Promise<string> };
}

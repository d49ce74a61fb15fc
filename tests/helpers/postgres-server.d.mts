/** A running throwaway PostgreSQL server (see postgres-server.mjs). */
export interface TestPostgres {
  /** Superuser URL with its password, to the `postgres` database. */
  adminUrl: string;
  host: string;
  port: number;
  password: string;
  /** A new empty database; its URL (the superuser's, password included). */
  createDatabase(name?: string): Promise<string>;
  /** Runs SQL as the superuser in a database. */
  sql(database: string, text: string): Promise<void>;
  /** Stops the server the way a crash would (`-m immediate`), keeping its data. */
  pause(): Promise<void>;
  /** Starts a paused server again, on the same port. */
  resume(): Promise<void>;
  /** Stops the server and removes its folder; safe to call twice. */
  stop(): Promise<void>;
  /** The same, synchronously (for a signal handler). */
  stopSync(): void;
}

/** Starts a fresh server on 127.0.0.1 and a free port; `durable: true` keeps PostgreSQL's default fsync settings. */
export function startPostgres(options?: { durable?: boolean }): Promise<TestPostgres>;

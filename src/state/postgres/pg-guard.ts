import type pg from 'pg';
import { StateError } from '../state-error.js';
import { pgStateError } from './pg-errors.js';

/** Runs one step on the pool, its user-fixable errors as StateErrors; busy or lost connections tried again a bounded number of times. */
export type PgGuard = <T>(step: () => Promise<T>) => Promise<T>;

export function pgGuard(options: { location: string; retries?: number; onBusy?(attempt: number, of: number): void }): PgGuard {
  const retries = options.retries ?? 5;
  return async <T>(step: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        const translated = pgStateError(error, options.location);
        if (translated instanceof StateError && translated.problem === 'busy' && attempt <= retries) {
          options.onBusy?.(attempt, retries);
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          continue;
        }
        throw translated;
      }
    }
  };
}

/** One query's rows. */
export async function rows<T>(pool: pg.Pool | pg.PoolClient | pg.Client, sql: string, values: unknown[] = []): Promise<T[]> {
  return (await pool.query(sql, values)).rows as T[];
}

/** Runs `work` in one transaction on one connection of the pool. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

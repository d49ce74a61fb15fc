import { join, resolve } from 'node:path';

/**
 * The state folder: `--state DIR`, else NEWSLETTER_STATE_DIR, else `.newsletter/` beside
 * the config (the project root). Kept apart from the database so that commands which only
 * name the folder (build, check) do not load SQLite.
 */
export function resolveStateDir(projectDir: string, flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.NEWSLETTER_STATE_DIR) return resolve(env.NEWSLETTER_STATE_DIR);
  return join(projectDir, '.newsletter');
}

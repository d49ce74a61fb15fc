import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { makeStoredPlan } from '../send/stored-plan.js';
import type { StoredPlan } from '../send/types.js';
import { openSqliteStore } from '../state/sqlite/store.js';
import type { Subscriber } from '../subscribers/types.js';

/**
 * The list streamed into a plan in a scratch state (a temp folder, removed at the end): its
 * unique index finds the duplicates, so memory stays flat; the project's state, which this
 * command only reads, answers the suppression lookups batch by batch.
 */
export async function withScratchPlan<T>(
  list: { file: string; encoding?: string; columns?: Record<string, string> },
  config: Config | undefined,
  onReader: (reader: Subscriber) => void,
  then: (plan: StoredPlan) => Promise<T>,
): Promise<{ plan: StoredPlan; suppressed: T }> {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-check-'));
  const scratch = openSqliteStore(dir);
  try {
    const languages = config?.languages ?? ['und'];
    const plan = await makeStoredPlan({
      plans: scratch.plans,
      issueId: 'subscribers-check',
      destination: 'check',
      kind: 'check',
      list,
      languages,
      defaultLanguage: config?.default_language ?? languages[0],
      mode: 'send',
      issueHash: '',
      onReader,
    });
    return { plan, suppressed: await then(plan) };
  } finally {
    await scratch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}


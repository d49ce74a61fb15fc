import { join } from 'node:path';
import { openSqliteStore } from '../../src/state/sqlite/store.js';
import { hasStackTrace } from '../helpers/cli.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

const ID = '2020-12-nr34';
const DEST = 'smtp://mail.example.org:587';

/** A lease left by a sender on another machine, renewed `ageMs` ago. */
async function leaveLease(dir: string, ageMs: number, ttlMs = 60_000): Promise<void> {
  const store = openSqliteStore(join(dir, '.newsletter'));
  await store.journal.acquireLease(ID, DEST, { owner: 'laptop-of-anna', pid: 4711, host: 'annas-laptop', ttlMs, now: () => Date.now() - ageMs });
  await store.close();
}

async function leaseHolder(dir: string) {
  const store = openSqliteStore(join(dir, '.newsletter'));
  try {
    return await store.journal.leaseHolder(ID, DEST);
  } finally {
    await store.close();
  }
}

describe('newsletter unlock', () => {
  test('a killed sender on another host: shown with its last heartbeat, cleared after its lease expired', async () => {
    const dir = exampleProject();
    await leaveLease(dir, 5 * 60_000);
    const result = await newsletter(dir, ['unlock', ISSUE, '--yes']);
    expect(result.stdout).toMatch(/"2020-12-nr34" is locked by smtp:\/\/mail\.example\.org:587: process 4711 on annas-laptop, sending since .*, last heartbeat \d{4}-.* \(\d+ s ago\)/);
    expect(result.stdout).toContain('Unlocked smtp://mail.example.org:587.');
    expect(result.code).toBe(0);
    expect(await leaseHolder(dir)).toBeUndefined();
  });

  test('a live one (fresh heartbeat) is refused, and broken only with --force', async () => {
    const dir = exampleProject();
    await leaveLease(dir, 2_000);
    const refused = await newsletter(dir, ['unlock', ISSUE, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: the lock of "2020-12-nr34" is still fresh \(it expires .*\): its sender may be running/);
    expect(refused.stderr).toContain('add --force');
    expect(hasStackTrace(refused.stderr)).toBe(false);
    expect(await leaseHolder(dir)).toMatchObject({ host: 'annas-laptop' });

    const forced = await newsletter(dir, ['unlock', ISSUE, '--yes', '--force']);
    expect(forced.code).toBe(0);
    expect(await leaseHolder(dir)).toBeUndefined();
  });

  test('off a terminal without --yes nothing is broken', async () => {
    const dir = exampleProject();
    await leaveLease(dir, 5 * 60_000);
    const result = await newsletter(dir, ['unlock', ISSUE]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not breaking the lock without a confirmation, and there is no terminal to ask on');
    expect(await leaseHolder(dir)).toMatchObject({ host: 'annas-laptop' });
  });

  test('nothing to unlock says so', async () => {
    const dir = exampleProject();
    const none = await newsletter(dir, ['unlock', ISSUE, '--yes']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^Nothing to unlock: there is no state yet/);
    await leaveLease(dir, 5 * 60_000);
    await newsletter(dir, ['unlock', ISSUE, '--yes']);
    const again = await newsletter(dir, ['unlock', ISSUE, '--yes']);
    expect(again.stdout).toMatch(/^Nothing to unlock: no send of "2020-12-nr34" holds a lock/);
  });
});

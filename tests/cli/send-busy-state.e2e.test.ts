import Database from 'better-sqlite3';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasStackTrace } from '../helpers/cli.js';
import { ISSUE, exampleProject, newsletter, sendAndInterrupt } from '../helpers/send-fixtures.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const READERS = 150;
const csv = ['email,first_name,language', ...Array.from({ length: READERS }, (_, i) => `reader${i}@example.org,R${i},${i % 2 ? 'de' : 'en'}`), ''].join('\n');

/** Another program's connection holding the SQLite state's write lock (as an open sqlite3 shell or a backup would) until `release()`. */
function holdWriteLock(dir: string): { release(): void } {
  const db = new Database(join(dir, '.newsletter', 'state.sqlite'), { timeout: 10_000 });
  db.exec('BEGIN IMMEDIATE');
  return {
    release() {
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

function expectOneCopyEach(sink: SmtpSink): void {
  const copies = sink.copiesByRecipient();
  expect(copies.size).toBe(READERS);
  expect([...copies.entries()].filter(([, n]) => n !== 1)).toEqual([]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a send whose SQLite state another program keeps locked', () => {
  test('released within the bounded wait: the send says it waited and goes on; every reader gets one copy', async () => {
    const sink = await startSmtpSink({ replyDelayMs: 20 });
    const dir = exampleProject(csv);
    try {
      // 7 s: longer than one statement's busy_timeout (5 s), well within the five extra tries
      const run = await sendAndInterrupt(dir, sink.url, () => sink.messages.length, 20, async () => {
        const lock = holdWriteLock(dir);
        await sleep(7_000);
        lock.release();
      }, { signal: null });
      expect(run.stderr).toContain('warning: the state is busy (another program is writing it); waiting and trying again (1 of 5)');
      expect(hasStackTrace(run.stderr)).toBe(false);
      expect(run.code).toBe(0);
      expectOneCopyEach(sink);
      const status = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'])).stdout);
      expect(status).toMatchObject({ recipients: READERS, sent: READERS, failed: 0, unknown: 0 });
    } finally {
      await sink.close();
    }
  }, 90_000);

  test('held past the bound: a clear state error, no reader failed, and the resumed send mails nobody twice', async () => {
    const sink = await startSmtpSink({ replyDelayMs: 20 });
    const dir = exampleProject(csv);
    try {
      let stillRunningAfter = 0;
      const run = await sendAndInterrupt(dir, sink.url, () => sink.messages.length, 20, async (pid) => {
        const lock = holdWriteLock(dir);
        // held until the sender gave up on its own: 30 s (6 waits of 5 s) for the step that met
        // the lock, then one wait of 5 s for each step of the stop (about a minute in all)
        const start = Date.now();
        while (alive(pid) && Date.now() - start < 150_000) await sleep(250);
        stillRunningAfter = Date.now() - start;
        lock.release();
      }, { signal: null, timeoutMs: 170_000 });
      expect(stillRunningAfter).toBeLessThan(150_000);
      // each step waited once, then gave up: five warnings, not five for every step
      expect(run.stderr.match(/waiting and trying again/g)).toHaveLength(5);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('waiting and trying again (5 of 5)');
      expect(run.stderr).toMatch(/error: the send stopped: the state stayed busy \(locked by another program\) \(.*state\.sqlite\): another program kept it locked \(SQLITE_BUSY[A-Z_]*\)/);
      expect(run.stderr).toContain('hint: another program holds the state for a long time');
      expect(hasStackTrace(run.stderr)).toBe(false);
      const during = sink.messages.length;

      const resumed = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json']);
      expect(resumed.stderr).not.toContain('error');
      const report = JSON.parse(resumed.stdout);
      expect(report).toMatchObject({ failed: 0 });
      // whoever was handed over when the lock came is unknown now (the server took it), never sent again
      const status = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'])).stdout);
      expect(status).toMatchObject({ recipients: READERS, failed: 0, pending: 0 });
      expect(status.sent + status.unknown).toBe(READERS);
      expect(status.unknown).toBeLessThanOrEqual(2);
      expect(sink.messages.length - during).toBe(READERS - during);
      expectOneCopyEach(sink);
    } finally {
      await sink.close();
    }
  }, 240_000);
});

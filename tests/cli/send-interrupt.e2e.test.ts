import { hasStackTrace } from '../helpers/cli.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, exampleProject, newsletter, sendAndInterrupt } from '../helpers/send-fixtures.js';

const READERS = 200;
const csv = ['email,first_name,language', ...Array.from({ length: READERS }, (_, i) => `reader${i}@example.org,R${i},${i % 2 ? 'de' : 'en'}`), ''].join('\n');

test('Ctrl-C finishes what is in flight, says how to go on, and the same command then sends the rest exactly once', async () => {
  // a slow server keeps the run going long enough to interrupt it
  const sink = await startSmtpSink({ replyDelayMs: 40 });
  const dir = exampleProject(csv);
  try {
    let whileRunning: Record<string, any> = {};
    let senderPid = 0;
    const stopped = await sendAndInterrupt(dir, sink.url, () => sink.messages.length, 10, async (pid) => {
      senderPid = pid;
      whileRunning = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'])).stdout);
    });
    // status reads the journal while the send writes it, and names the running sender
    expect(whileRunning.running).toMatchObject({ pid: senderPid });
    expect(whileRunning.sent).toBeGreaterThanOrEqual(10);
    expect(whileRunning.recipients).toBe(READERS);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('Stopping: finishing the messages in flight');
    expect(stopped.stdout).toContain('Stopped on request');
    expect(stopped.stdout).toContain(`Run the same command again to go on: newsletter send ${ISSUE} --to readers.csv --smtp ${sink.url}`);
    expect(hasStackTrace(stopped.stderr)).toBe(false);
    const first = sink.messages.length;
    expect(first).toBeGreaterThanOrEqual(10);
    expect(first).toBeLessThan(READERS);

    const status = JSON.parse((await newsletter(dir, ['status', ISSUE, '--json'])).stdout);
    expect(status).toMatchObject({ sent: first, unknown: 0 });

    const resumed = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ sent: READERS - first, skipped: { already_sent: first } });
    const copies = sink.copiesByRecipient();
    expect(copies.size).toBe(READERS);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
  } finally {
    await sink.close();
  }
});

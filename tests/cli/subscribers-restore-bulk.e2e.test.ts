import { hasStackTrace } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

describe('newsletter subscribers restore --reason --since', () => {
  let sink: SmtpSink;
  afterAll(async () => {
    await sink.close();
  });

  test('takes back, after confirmation, exactly the suppressions of that kind since that day', async () => {
    sink = await startSmtpSink({ rules: [{ to: /^(anna|ben)@/, at: 'RCPT TO', reply: '550 5.1.1 no such user' }] });
    const dir = exampleProject();
    await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes']);
    await newsletter(dir, ['unsubscribe', 'dan@example.org']);
    const before = JSON.parse((await newsletter(dir, ['subscribers', 'suppressed', '--json'])).stdout);
    expect(before.entries.map((e: { email: string; reason: string }) => `${e.email} ${e.reason}`).sort()).toEqual(['anna@example.org bounced', 'ben@example.org bounced', 'dan@example.org by-hand']);

    const today = new Date().toISOString().slice(0, 10);
    const unasked = await newsletter(dir, ['subscribers', 'restore', '--reason', 'bounced', '--since', today]);
    expect(unasked.code).toBe(1);
    expect(unasked.stdout).toContain('2 addresses suppressed as bounced since');
    expect(unasked.stderr).toContain('not restoring 2 addresses without a confirmation');
    expect(hasStackTrace(unasked.stderr)).toBe(false);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await newsletter(dir, ['subscribers', 'restore', '--reason', 'bounced', '--since', tomorrow, '--yes'])).stdout).toContain('nothing to restore');

    const restored = await newsletter(dir, ['subscribers', 'restore', '--reason', 'bounced', '--since', today, '--yes']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('Restored 2 addresses');
    const after = JSON.parse((await newsletter(dir, ['subscribers', 'suppressed', '--json'])).stdout);
    expect(after.entries.map((e: { email: string }) => e.email)).toEqual(['dan@example.org']);

    const bad = await newsletter(dir, ['subscribers', 'restore', '--reason', 'bounced', '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since must be a date such as 2020-12-01');
  });
});

import { hasStackTrace } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

describe('newsletter send when the relay refuses the sender', () => {
  let sink: SmtpSink;
  afterEach(async () => {
    await sink.close();
  });

  test('553 5.1.8 at MAIL FROM: the run stops with the reason, nobody is suppressed, a fixed relay then sends to all', async () => {
    sink = await startSmtpSink({ rules: [{ at: 'MAIL FROM', reply: '553 5.1.8 <news@example.org>: Sender address rejected: not owned by user' }] });
    const dir = exampleProject();
    const refused = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes']);
    expect(refused.code).toBe(1);
    expect(hasStackTrace(refused.stderr)).toBe(false);
    expect(refused.stdout).toContain('Stopped: the server refused the sender address ("553 5.1.8 <news@example.org>: Sender address rejected: not owned by user")');
    expect(refused.stdout).toContain('nobody was added to the suppression list');
    expect(sink.messages).toHaveLength(0);

    const suppressed = await newsletter(dir, ['subscribers', 'suppressed', '--json']);
    expect(JSON.parse(suppressed.stdout)).toMatchObject({ count: 0, bounced: 0 });

    sink.clearRules();
    const again = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 4, failed: 0, pending: 0 });
  });
});

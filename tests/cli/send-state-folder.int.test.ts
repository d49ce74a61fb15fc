import { join } from 'node:path';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';

describe('newsletter send with a state folder named on the command line', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  test('a named folder that holds no state yet (a typo?) is pointed out before a real send', async () => {
    const dir = exampleProject();
    const typo = join(dir, '.newsleter');
    const first = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--state', typo]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`warning: the state folder ${typo} holds no state yet: no suppression list and no journal of earlier sends.`);
    // the same folder again is no longer new: no warning, and nothing is sent twice
    const again = await newsletter(dir, ['send', ISSUE, '--to', 'readers.csv', '--smtp', sink.url, '--yes', '--state', typo]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('holds no state yet');
    expect(sink.messages).toHaveLength(4);
  });
});

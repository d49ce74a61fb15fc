import { hasStackTrace } from '../helpers/cli.js';
import { ISSUE, exampleProject, newsletter } from '../helpers/send-fixtures.js';
import { issueIdOf } from '../../src/cli/commands/status.js';

describe('newsletter status', () => {
  test('an issue never sent: says so, and --json gives zeros', async () => {
    const dir = exampleProject();
    const text = await newsletter(dir, ['status', ISSUE]);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('2020-12-nr34 has not been sent anywhere yet (the journal knows nothing of it).\nstate: SQLite .newsletter/state.sqlite\n');
    const json = await newsletter(dir, ['status', ISSUE, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      issue: '2020-12-nr34',
      recipients: 0,
      sent: 0,
      failed: 0,
      unknown: 0,
      pending: 0,
      skipped: { invalid: 0, duplicate: 0, unsubscribed: 0, bounced: 0, already_sent: 0, other_language: 0 },
      state: { backend: 'sqlite', location: expect.stringMatching(/\/\.newsletter\/state\.sqlite$/) },
      destinations: [],
    });
  });

  test('a file not named like an issue is refused without a stack trace', async () => {
    const result = await newsletter(exampleProject(), ['status', 'notes/Draft Issue.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: "notes/Draft Issue.yaml" is not named like an issue file');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  test.each([
    ['issues/2020-12-nr34.de.yaml', '2020-12-nr34'],
    ['issues/2020-12-nr34.pt-BR.yaml', '2020-12-nr34'],
    ['/abs/path/issues/nr35.yaml', 'nr35'],
  ])('issueIdOf(%j) is %j', (file, id) => {
    expect(issueIdOf(file)).toBe(id);
  });
});

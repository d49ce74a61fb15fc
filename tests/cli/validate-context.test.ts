import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { loadConfigOrFail, loadIssueSetOrFail } from '../../src/cli/context.js';
import { writeProject } from '../helpers/issue-project.js';

const CONFIG = 'name: N\nfrom: n@news.example.org\nbase_url: https://news.example.org\nlanguages: [de, en]\n';
const ISSUE = 'number: 34\ndate: 2020-12-01\nsubject: Hallo\nreview:\n  - title: Workshop\n';

function thrown(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('the loaders every command uses (validate\'s helpers)', () => {
  test('loadConfigOrFail: a missing config is one message with the init hint', () => {
    const dir = writeProject({ 'x.txt': '' });
    const error = thrown(() => loadConfigOrFail({ config: join(dir, 'missing.yaml') }));
    expect(error.message).toBe(`config file not found: ${join(dir, 'missing.yaml')}`);
    expect(error.hint).toBe('check the path given to --config, or run "newsletter init"');
    expect(error.problems).toEqual([]);
  });

  test('loadConfigOrFail: a broken config carries every problem', () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG.replace('n@news.example.org', 'nobody').replace('https://', '') });
    const error = thrown(() => loadConfigOrFail({ config: join(dir, 'newsletter.config.yaml') }));
    expect(error.message).toBe('the config has 2 problems; fix them and try again');
    expect(error.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['2:7', '3:11']);
  });

  test('loadIssueSetOrFail: the set (--lang reads only its file), or a UserError carrying the problems of every file', async () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG, 'issues/a.de.yaml': ISSUE, 'issues/a.en.yaml': `${ISSUE}tittle: x\n` });
    const config = loadConfigOrFail({ config: join(dir, 'newsletter.config.yaml') });
    expect((await loadIssueSetOrFail(join(dir, 'issues/a.de.yaml'), config, 'de')).issues.map((i) => i.lang)).toEqual(['de']);
    const error = await loadIssueSetOrFail(join(dir, 'issues/a.de.yaml'), config).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`${join(dir, 'issues/a.de.yaml')}: 1 problem; fix it and try again`);
    expect((error as UserError).problems.map((p) => p.message)).toEqual(['unknown field "tittle"']);
  });
});

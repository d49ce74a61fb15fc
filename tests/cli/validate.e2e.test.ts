import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';
import { writeProject } from '../helpers/issue-project.js';

const CONFIG = `name: Städtenetz
from: "Städtenetz <news@example.org>"
base_url: https://news.example.org
languages: [de, en]
`;
const ISSUE = `number: 34
date: 2020-12-01
subject: Hallo
review:
  - title: Workshop
`;

describe('newsletter validate', () => {
  test('the example issue is valid: exit 0', async () => {
    const dir = tempProject(['issues', 'newsletter.config.yaml']);
    const result = await runCli(['validate', 'issues/2020-12-nr34.de.yaml'], { cwd: dir });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('issues/2020-12-nr34.de.yaml, issues/2020-12-nr34.en.yaml: valid\n');
  });

  test('every problem of every file as file:line:column: message, exit 1, no stack trace', async () => {
    const dir = writeProject({
      'newsletter.config.yaml': CONFIG,
      'issues/a.de.yaml': `${ISSUE}  - tittle: Zweiter\n`,
      'issues/a.en.yaml': ISSUE.replace('2020-12-01', '2021-02-31'),
      'issues/b.de.yaml': ISSUE.replace('subject: Hallo', 'subject: "Hallo\\nBcc: x@example.org"'),
    });
    const result = await runCli(['validate', 'issues/a.de.yaml', 'issues/b.de.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stderr).toBe(
      [
        'issues/a.de.yaml:6:5: unknown field "tittle"',
        '  hint: did you mean "title"?',
        'issues/a.en.yaml:2:7: "date" is not a real date: February 2021 has 28 days',
        'issues/b.de.yaml:3:10: "subject" must be one line, found a line break',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe('3 errors, 0 warnings in 3 files; fix the errors above and run validate again\n');
  });

  test('--json prints one document with every problem, paths as given', async () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG, 'issues/a.de.yaml': `${ISSUE}    link: javascript:alert(1)\n    body: "<b>hi</b>"\n` });
    const result = await runCli(['validate', '--json', 'issues/a.de.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      problems: [
        {
          file: 'issues/a.de.yaml',
          line: 6,
          column: 11,
          message: '"link" must not be a javascript: link (mail clients block them and they are unsafe); use an https:// address',
          severity: 'error',
        },
        {
          file: 'issues/a.de.yaml',
          line: 7,
          column: 12,
          message: 'raw HTML <b> in "body" is shown as text, not used as markup',
          severity: 'warning',
          hint: 'use Markdown instead: **bold**, *italic*, [text](https://…), lists with "- "',
        },
        {
          file: 'issues/a.de.yaml',
          line: 7,
          column: 17,
          message: 'raw HTML </b> in "body" is shown as text, not used as markup',
          severity: 'warning',
          hint: 'use Markdown instead: **bold**, *italic*, [text](https://…), lists with "- "',
        },
      ],
    });
  });

  test('warnings alone: printed, exit 0; --json says ok', async () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG, 'issues/a.de.yaml': `${ISSUE}    body: "Mehr <i>hier</i>"\n` });
    const result = await runCli(['validate', 'issues/a.de.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('issues/a.de.yaml:6:17: warning: raw HTML <i> in "body" is shown as text, not used as markup');
    expect(result.stdout).toBe('issues/a.de.yaml: valid (0 errors, 2 warnings)\n');
    const json = await runCli(['validate', 'issues/a.de.yaml', '--json'], { cwd: dir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).ok).toBe(true);
  });

  test('a folder stands for every issue in it', async () => {
    const dir = writeProject({
      'newsletter.config.yaml': CONFIG,
      'issues/a.de.yaml': ISSUE,
      'issues/a.en.yaml': ISSUE,
      'issues/b.de.yaml': ISSUE.replace('number: 34', 'number: -1'),
    });
    const result = await runCli(['validate', 'issues'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('issues/b.de.yaml:1:9: "number" must be at least 1, found the number -1\n');
    expect(result.stdout).toBe('1 error, 0 warnings in 3 files; fix the errors above and run validate again\n');
  });

  test('a file that does not exist is a problem, exit 1', async () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG });
    const result = await runCli(['validate', 'issues/missing.de.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('issues/missing.de.yaml:1:1: file not found\n');
  });

  test('config problems are reported with the issue\'s', async () => {
    const dir = writeProject({ 'newsletter.config.yaml': CONFIG.replace('https://news', 'news'), 'issues/a.de.yaml': ISSUE });
    const result = await runCli(['validate', 'issues/a.de.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('newsletter.config.yaml:3:11: "base_url" must be an absolute http:// or https:// URL, found "news.example.org"');
  });

  test('without a config the files are still checked, with a note', async () => {
    const dir = writeProject({ 'issues/a.de.yaml': ISSUE });
    const result = await runCli(['validate', 'issues/a.de.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^note: no newsletter.config.yaml here or in a parent folder/);
  });

  test('--config names the config', async () => {
    const dir = writeProject({ 'conf/news.yaml': CONFIG.replace('[de, en]', '[en]'), 'issues/a.de.yaml': ISSUE });
    const result = await runCli(['--config', 'conf/news.yaml', 'validate', 'issues/a.de.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('issues/a.de.yaml:1:1: the language "de" is not one of the newsletter\'s languages (en)');
  });

  test.each([
    [['validate'], /missing required argument 'issue-files'/],
    [['validate', '--strict', 'a.yaml'], /unknown option '--strict'/],
  ])('wrong usage %j: exit 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

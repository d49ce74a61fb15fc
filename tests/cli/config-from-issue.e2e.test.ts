import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runCli, tempProject } from '../helpers/cli.js';

const CONFIG = `name: Städtenetz
from: "Städtenetz <news@example.org>"
base_url: https://news.example.org
languages: [de]
`;
const ISSUE = `number: 1\ndate: 2021-01-01\nsubject: Hallo\nreview:\n  - title: Workshop\n`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder holding a project in `news/`: commands run from the folder above it. */
function parentOfProject(config: string, issue = ISSUE): string {
  const dir = tempProject();
  dirs.push(dir);
  mkdirSync(join(dir, 'news', 'issues'), { recursive: true });
  writeFileSync(join(dir, 'news', 'newsletter.config.yaml'), config);
  writeFileSync(join(dir, 'news', 'issues', '2021-01.en.yaml'), issue);
  return dir;
}

describe('the config is found from the issue file\'s folder upwards', () => {
  test('validate from a parent folder checks the issue against its project\'s config, as build does', async () => {
    const dir = parentOfProject(CONFIG);
    const validate = await runCli(['validate', 'news/issues/2021-01.en.yaml'], { cwd: dir });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('news/issues/2021-01.en.yaml:1:1: the language "en" is not one of the newsletter\'s languages (de)');
    expect(validate.stderr).not.toContain('no newsletter.config.yaml');

    writeFileSync(join(dir, 'news', 'issues', '2021-01.de.yaml'), ISSUE);
    rmSync(join(dir, 'news', 'issues', '2021-01.en.yaml'));
    expect((await runCli(['validate', 'news/issues/2021-01.de.yaml'], { cwd: dir })).code).toBe(0);
    const build = await runCli(['build', 'news/issues/2021-01.de.yaml'], { cwd: dir });
    expect(hasStackTrace(build.stderr)).toBe(false);
    expect(build.code).toBe(0);
    expect(readFileSync(join(dir, 'news', 'dist', '2021-01', 'de', 'index.html'), 'utf8')).toContain('Städtenetz');
  });
});

describe('connect: a plain list of items is shorthand for {items: [...]}', () => {
  const SHORTHAND = `${CONFIG}connect:\n  - title: Werden Sie Teil der Community\n    link: https://community.example.org\n    link_label: Profil anlegen\n  - title: Schreiben Sie uns\n    link: mailto:redaktion@example.org\n`;

  test('the contract\'s list form builds, with the items in the mail', async () => {
    const dir = parentOfProject(SHORTHAND, ISSUE);
    rmSync(join(dir, 'news', 'issues', '2021-01.en.yaml'));
    writeFileSync(join(dir, 'news', 'issues', '2021-01.de.yaml'), ISSUE);
    const build = await runCli(['build', 'issues/2021-01.de.yaml'], { cwd: join(dir, 'news') });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const html = readFileSync(join(dir, 'news', 'dist', '2021-01', 'de', 'index.html'), 'utf8');
    expect(html).toContain('Werden Sie Teil der Community');
    expect(html).toContain('href="mailto:redaktion@example.org"');
  });

  test('a mistake inside the list is located at the item', async () => {
    const dir = parentOfProject(SHORTHAND.replace('  - title: Schreiben Sie uns', '  - tittle: Schreiben Sie uns'));
    const result = await runCli(['validate', 'issues/2021-01.en.yaml'], { cwd: join(dir, 'news') });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual(['newsletter.config.yaml:9:5: unknown field "tittle"', '  hint: did you mean "title"?']);
  });
});

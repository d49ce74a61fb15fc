import { join, relative } from 'node:path';
import { loadIssue, loadIssueSet, parseIssueFileName } from '../../src/issue/load-issue.js';
import { TINY_PNG, VALID_ISSUE, brief, testConfig, writeProject } from '../helpers/issue-project.js';

describe('parseIssueFileName', () => {
  test.each([
    ['issues/2020-12-nr34.de.yaml', { id: '2020-12-nr34', lang: 'de' }],
    ['issues/2020-12-nr34.pt-BR.yaml', { id: '2020-12-nr34', lang: 'pt-BR' }],
    ['2020-12-nr34.yaml', { id: '2020-12-nr34' }],
    ['/abs/path/x.yml', { id: 'x' }],
    ['issues/Nr34.de.yaml', undefined],
    ['issues/-x.de.yaml', undefined],
    ['issues/x.d.yaml', undefined],
    ['issues/x.de.txt', undefined],
  ])('%s', (path, expected) => {
    expect(parseIssueFileName(path)).toEqual(expected);
  });
});

describe('a valid issue', () => {
  test('becomes an Issue with every section, local image paths resolved, and a content hash', async () => {
    const dir = writeProject({
      'issues/x.de.yaml': `${VALID_ISSUE}    image: {src: images/photo.png, alt: Ein Foto, width: 300}\n    date: {from: 2020-10-26, to: 2020-11-05}\noutlook:\n  - title: Ausblick\n    image: {src: "https://cdn.example.org/a.png", alt: Bild}\n`,
      'issues/images/photo.png': TINY_PNG,
    });
    const { value, problems } = await loadIssue(join(dir, 'issues/x.de.yaml'), testConfig(dir));
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ id: 'x', lang: 'de', number: 34, date: '2020-12-01', subject: 'Hallo', headings: {} });
    expect(value?.file).toBe(join(dir, 'issues/x.de.yaml'));
    expect(value?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(value?.sections.insight).toEqual([]);
    expect(value?.sections.review[0]).toEqual({
      title: 'Workshop',
      image: { src: 'images/photo.png', alt: 'Ein Foto', width: 300, path: join(dir, 'issues/images/photo.png') },
      date: { from: '2020-10-26', to: '2020-11-05' },
    });
    expect(value?.sections.outlook[0].image).toEqual({ src: 'https://cdn.example.org/a.png', alt: 'Bild' });
  });

  test('an empty optional field counts as absent', async () => {
    const dir = writeProject({ 'issues/x.de.yaml': `${VALID_ISSUE}preheader:\ninsight:\n` });
    const { value, problems } = await loadIssue(join(dir, 'issues/x.de.yaml'), testConfig(dir));
    expect(problems).toEqual([]);
    expect(value?.preheader).toBeUndefined();
  });

  test('issues/<id>.yaml is in the default language unless it says otherwise', async () => {
    const dir = writeProject({ 'issues/x.yaml': VALID_ISSUE, 'issues/y.yaml': `${VALID_ISSUE}language: en\n` });
    expect((await loadIssue(join(dir, 'issues/x.yaml'), testConfig(dir))).value?.lang).toBe('de');
    expect((await loadIssue(join(dir, 'issues/y.yaml'), testConfig(dir))).value?.lang).toBe('en');
  });
});

describe('language sets', () => {
  const en = VALID_ISSUE.replace('Hallo', 'Hello');

  test('naming any file selects every language of the id, ordered as the config lists them', async () => {
    const dir = writeProject({ 'issues/x.en.yaml': en, 'issues/x.de.yaml': VALID_ISSUE, 'issues/xy.de.yaml': VALID_ISSUE });
    const { value, problems } = await loadIssueSet(join(dir, 'issues/x.en.yaml'), testConfig(dir, { languages: ['de', 'en'] }));
    expect(problems).toEqual([]);
    expect(value?.id).toBe('x');
    expect(value?.issues.map((i) => [i.lang, i.subject])).toEqual([
      ['de', 'Hallo'],
      ['en', 'Hello'],
    ]);
    const reversed = await loadIssueSet(join(dir, 'issues/x.de.yaml'), testConfig(dir, { languages: ['en', 'de'] }));
    expect(reversed.value?.issues.map((i) => i.lang)).toEqual(['en', 'de']);
  });

  test('--lang narrows the set, and a missing language is a problem', async () => {
    const dir = writeProject({ 'issues/x.en.yaml': en, 'issues/x.de.yaml': VALID_ISSUE });
    const narrowed = await loadIssueSet(join(dir, 'issues/x.de.yaml'), testConfig(dir), { lang: 'en' });
    expect(narrowed.value?.issues.map((i) => i.lang)).toEqual(['en']);
    const missing = await loadIssueSet(join(dir, 'issues/x.de.yaml'), testConfig(dir, { languages: ['de', 'en', 'fr'] }), { lang: 'fr' });
    expect(missing.value).toBeUndefined();
    expect(brief(missing.problems)).toEqual(['1:1: issue "x" has no "fr" version; found de, en']);
  });

  test('every file is checked, and languages must agree on number and date', async () => {
    const dir = writeProject({
      'issues/x.de.yaml': VALID_ISSUE,
      'issues/x.en.yaml': en.replace('number: 34', 'number: 35').replace('2020-12-01', '2020-12-02'),
    });
    const { value, problems } = await loadIssueSet(join(dir, 'issues/x.de.yaml'), testConfig(dir));
    expect(value).toBeUndefined();
    expect(problems.map((p) => `${relative(dir, p.file)}:${p.line}:${p.column}: ${p.message}`)).toEqual([
      `issues/x.en.yaml:1:9: "number" is 35 here but 34 in ${join(dir, 'issues/x.de.yaml')}`,
      `issues/x.en.yaml:2:7: "date" is 2020-12-02 here but 2020-12-01 in ${join(dir, 'issues/x.de.yaml')}`,
    ]);
  });

  test('problems of every language are reported together', async () => {
    const dir = writeProject({ 'issues/x.de.yaml': `${VALID_ISSUE}tittle: x\n`, 'issues/x.en.yaml': en.replace('2020-12-01', '2021-02-30') });
    const { problems } = await loadIssueSet(join(dir, 'issues/x.de.yaml'), testConfig(dir));
    expect(problems.map((p) => `${relative(dir, p.file)}:${p.line}:${p.column}: ${p.message}`)).toEqual([
      'issues/x.de.yaml:6:1: unknown field "tittle"',
      'issues/x.en.yaml:2:7: "date" is not a real date: February 2021 has 28 days',
    ]);
  });

  test('a default-language file and its explicit twin are the same language twice', async () => {
    const dir = writeProject({ 'issues/x.yaml': VALID_ISSUE, 'issues/x.de.yaml': VALID_ISSUE });
    const { problems } = await loadIssueSet(join(dir, 'issues/x.yaml'), testConfig(dir));
    expect(brief(problems)).toEqual([`1:1: this file and ${join(dir, 'issues/x.de.yaml')} are both the "de" version of issue "x"`]);
  });

  test('problems name files the way the user wrote the path', async () => {
    const dir = writeProject({ 'issues/x.de.yaml': VALID_ISSUE, 'issues/x.en.yaml': 'number: [\n' });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { problems } = await loadIssueSet('issues/x.de.yaml', testConfig(dir));
      expect(problems.map((p) => p.file)).toEqual(['issues/x.en.yaml']);
    } finally {
      process.chdir(cwd);
    }
  });
});

import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { loadIssueSet } from '../../src/issue/load-issue.js';
import { writePlannedFiles } from '../../src/scaffold/file-plan.js';
import { planProject } from '../../src/scaffold/init-plan.js';
import { planIssueFiles } from '../../src/scaffold/issue-skeleton.js';
import { tempProject } from '../helpers/cli.js';

const answers = {
  name: 'Städte "Netz"',
  from: 'Städte Netz <news@staedte.example>',
  baseUrl: 'https://news.staedte.example',
  languages: ['de', 'en', 'pt-BR'],
};

async function scaffold() {
  const dir = tempProject();
  writePlannedFiles(dir, planProject(answers, { today: '2021-01-15' }));
  const config = await loadConfig({ cwd: dir });
  return { dir, config };
}

describe('the files init writes pass the loaders', () => {
  it('the config loads without problems, quotes and umlauts intact', async () => {
    const { config } = await scaffold();
    expect(config.problems).toEqual([]);
    expect(config.value).toMatchObject({
      name: 'Städte "Netz"',
      base_url: 'https://news.staedte.example',
      default_language: 'de',
      languages: ['de', 'en', 'pt-BR'],
      list_id: 'news.staedte.example',
    });
  });

  it('the first issue loads in every language', async () => {
    const { dir, config } = await scaffold();
    const set = await loadIssueSet(join(dir, 'issues/2021-01-nr1.de.yaml'), config.value!);
    expect(set.problems).toEqual([]);
    expect(set.value!.issues.map((issue) => [issue.lang, issue.number, issue.subject])).toEqual([
      ['de', 1, 'Willkommen bei Städte "Netz"'],
      ['en', 1, 'Welcome to Städte "Netz"'],
      ['pt-BR', 1, 'Welcome to Städte "Netz"'],
    ]);
  });
});

describe('the skeleton of `new`', () => {
  const choice = { id: '2021-02-nr2', number: 2, date: '2021-02-15', languages: ['de'], subjects: {} };

  it('fails validation only where the editor must write: the subject and one title per section', async () => {
    const { dir, config } = await scaffold();
    const [file] = planIssueFiles(choice);
    writePlannedFiles(dir, [file]);
    const set = await loadIssueSet(join(dir, file.path), config.value!);
    const lines = file.content.split('\n');
    const where = set.problems.map((p) => `${p.severity} ${lines[p.line - 1].trim().split(/\s+/)[0]}`);
    expect(where).toEqual(['error subject:', 'error -', 'error -', 'error -']);
  });

  it('passes validation once the empty values are filled', async () => {
    const { dir, config } = await scaffold();
    const [file] = planIssueFiles({ ...choice, subjects: { de: 'Neues aus dem Netz' } });
    const filled = file.content.replace(/- title:\s.*$/gm, '- title: "Ein Titel"');
    writeFileSync(join(dir, file.path), filled);
    const set = await loadIssueSet(join(dir, file.path), config.value!);
    expect(set.problems).toEqual([]);
    expect(set.value!.issues[0]).toMatchObject({ number: 2, date: '2021-02-15', subject: 'Neues aus dem Netz' });
    expect(set.value!.issues[0].sections.review).toEqual([{ title: 'Ein Titel' }]);
  });

  it('lists every field of the format, optional ones commented out', () => {
    const [file] = planIssueFiles(choice);
    for (const field of ['number', 'date', 'subject', 'preheader', 'language', 'intro', 'signoff', 'headings', 'review', 'insight', 'outlook']) {
      expect(file.content).toMatch(new RegExp(`^#? ?${field}:`, 'm'));
    }
    for (const field of ['title', 'subtitle', 'label', 'body', 'link', 'link_label', 'image', 'date', 'location', 'contact']) {
      expect(file.content).toMatch(new RegExp(`^ +(- |# )?${field}:`, 'm'));
    }
  });
});

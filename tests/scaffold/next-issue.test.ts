import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addMonths, proposeNextIssue, readKnownIssues, type KnownIssue } from '../../src/scaffold/next-issue.js';
import { tempProject } from '../helpers/cli.js';

describe('proposeNextIssue', () => {
  const issue34: KnownIssue = { id: '2020-12-nr34', number: 34, date: '2020-12-01', languages: ['en', 'de'] };
  const issue35: KnownIssue = { id: '2021-02-nr35', number: 35, date: '2021-02-10', languages: ['de'] };

  it.each([
    ['no issue yet: number 1, today', [], '2021-01-15', { number: 1, date: '2021-01-15', id: '2021-01-nr1', languages: ['de', 'en'] }],
    ['one month after the newest has passed: today', [issue34], '2021-01-15', { number: 35, date: '2021-01-15', id: '2021-01-nr35', languages: ['de', 'en'] }],
    ['one month after the newest, still ahead', [issue34], '2020-12-20', { number: 35, date: '2021-01-01', id: '2021-01-nr35' }],
    ['the highest number wins over file order', [issue35, issue34], '2021-01-15', { number: 36, date: '2021-03-10', languages: ['de'] }],
  ])('%s', (_what, issues, today, expected) => {
    expect(proposeNextIssue(issues, ['de', 'en'], today)).toMatchObject(expected);
  });

  it.each([
    ['drops a language the config no longer lists', ['pt-BR', 'en'], ['en']],
    ['orders as the config does', ['en', 'de'], ['de', 'en']],
    ['takes all the config\'s when none is left', ['fr'], ['de', 'en']],
  ])('%s', (_what, languages, expected) => {
    const issue = { id: 'x', number: 3, date: '2021-01-01', languages };
    expect(proposeNextIssue([issue], ['de', 'en'], '2021-01-01').languages).toEqual(expected);
  });
});

describe('addMonths', () => {
  it.each([
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2020-12-15', 1, '2021-01-15'],
    ['2021-03-31', 1, '2021-04-30'],
  ])('%s + %i month → %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('readKnownIssues', () => {
  it('groups the files of one issue and passes over what does not parse', () => {
    const dir = join(tempProject(), 'issues');
    mkdirSync(dir);
    writeFileSync(join(dir, '2020-12-nr34.de.yaml'), 'number: 34\ndate: 2020-12-01\n');
    writeFileSync(join(dir, '2020-12-nr34.en.yaml'), 'number: 34\ndate: 2020-12-01\n');
    writeFileSync(join(dir, '2021-01-nr35.yaml'), 'number: 35\ndate: 2021-01-10\n');
    writeFileSync(join(dir, 'broken.de.yaml'), 'number: [\n');
    writeFileSync(join(dir, 'no-number.de.yaml'), 'date: 2030-01-01\n');
    writeFileSync(join(dir, 'notes.txt'), 'number: 99\n');
    const known = readKnownIssues(dir, 'de').sort((a, b) => a.number - b.number);
    expect(known).toEqual([
      { id: '2020-12-nr34', number: 34, date: '2020-12-01', languages: ['de', 'en'] },
      { id: '2021-01-nr35', number: 35, date: '2021-01-10', languages: ['de'] },
    ]);
  });

  it('finds nothing in a missing folder', () => {
    expect(readKnownIssues(join(tempProject(), 'issues'), 'de')).toEqual([]);
  });
});

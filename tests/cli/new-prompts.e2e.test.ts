import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runNew } from '../../src/cli/commands/new.js';
import { UsageError, UserError } from '../../src/errors.js';
import { writePlannedFiles } from '../../src/scaffold/file-plan.js';
import { planProject } from '../../src/scaffold/init-plan.js';
import { captureOutput } from '../helpers/captured-output.js';
import { tempProject } from '../helpers/cli.js';
import { scriptedTerminal } from '../helpers/scripted-terminal.js';

const TODAY = '2021-01-15';
let cwd: string;

/** A project made by init on 2020-12-20 (issue 1), in de and en; the test runs inside it. */
function project(languages = ['de', 'en']): string {
  const dir = tempProject();
  writePlannedFiles(dir, planProject({ name: 'N', from: 'n@n.example', baseUrl: 'https://n.example', languages }, { today: '2020-12-20' }));
  process.chdir(dir);
  return dir;
}

const output = captureOutput();
beforeEach(() => {
  cwd = process.cwd();
});
afterEach(() => {
  process.chdir(cwd);
});

const newInput = (options: Record<string, unknown> = {}) => ({ args: [], options, globals: options });

describe('new through its prompts', () => {
  it('proposes number and date, asks languages and a subject per language', async () => {
    const dir = project();
    const term = scriptedTerminal();
    const done = runNew(newInput(), term.terminal, TODAY);
    await term.answer('Issue number (2)');
    await term.answer('Publication date (YYYY-MM-DD) (2021-01-20)');
    await term.answer('Languages of the issue');
    await term.answer('Subject (de)', 'Neues aus dem Netz');
    await term.answer('Subject (en)', 'News from the network');
    expect(await done).toBe(0);
    const de = parse(readFileSync(join(dir, 'issues/2021-01-nr2.de.yaml'), 'utf8'));
    const en = parse(readFileSync(join(dir, 'issues/2021-01-nr2.en.yaml'), 'utf8'));
    expect(de).toMatchObject({ number: 2, date: '2021-01-20', subject: 'Neues aus dem Netz' });
    expect(en.subject).toBe('News from the network');
    expect(output.stdout).toContain('Issue 2 of 2021-01-20 (after issue 1, 2020-12-nr1):');
  });

  it('takes other answers: number, date, one language only', async () => {
    const dir = project();
    const term = scriptedTerminal();
    const done = runNew(newInput(), term.terminal, TODAY);
    await term.answer('Issue number', '7');
    await term.answer('Publication date', `${'\u007f'.repeat(10)}2021-03-01`);
    // the cursor is on "de": space unticks it, leaving English alone
    await term.answer('Languages of the issue', ' ');
    await term.answer('Subject (en)', 'Seven');
    expect(await done).toBe(0);
    expect(existsSync(join(dir, 'issues/2021-03-nr7.de.yaml'))).toBe(false);
    expect(parse(readFileSync(join(dir, 'issues/2021-03-nr7.en.yaml'), 'utf8'))).toMatchObject({ number: 7, date: '2021-03-01', subject: 'Seven' });
  });

  it('leaves quietly with exit 130 on Ctrl-C', async () => {
    const dir = project(['en']);
    const term = scriptedTerminal();
    const done = runNew(newInput(), term.terminal, TODAY);
    await term.interrupt('Issue number');
    expect(await done).toBe(130);
    expect(existsSync(join(dir, 'issues/2021-01-nr2.en.yaml'))).toBe(false);
  });

  it('asks before overwriting an issue file', async () => {
    const dir = project(['en']);
    writeFileSync(join(dir, 'issues/2021-01-nr2.en.yaml'), 'number: 2\n');
    // issue 2 now exists: ask for number 2 explicitly
    const term = scriptedTerminal();
    const done = runNew(newInput({ number: 2, date: '2021-01-20', subject: 'S' }), term.terminal, TODAY);
    await term.answer('issues/2021-01-nr2.en.yaml exists already. Overwrite it?', 'n');
    expect(await done).toBe(0);
    expect(readFileSync(join(dir, 'issues/2021-01-nr2.en.yaml'), 'utf8')).toBe('number: 2\n');
    expect(output.stdout).toContain('Nothing written');
  });
});

describe('new with --yes', () => {
  it('writes the proposal with the flags applied', async () => {
    const dir = project();
    expect(await runNew(newInput({ yes: true, subject: 'Hello', lang: ['en'] }), scriptedTerminal().terminal, TODAY)).toBe(0);
    expect(parse(readFileSync(join(dir, 'issues/2021-01-nr2.en.yaml'), 'utf8'))).toMatchObject({ number: 2, subject: 'Hello' });
    expect(existsSync(join(dir, 'issues/2021-01-nr2.de.yaml'))).toBe(false);
  });

  it('refuses to overwrite, naming the file', async () => {
    project(['en']);
    const call = runNew(newInput({ yes: true, number: 1, date: '2020-12-20' }), scriptedTerminal().terminal, TODAY);
    await expect(call).rejects.toThrow(new UserError('issues/2020-12-nr1.en.yaml already exists; "new --yes" never overwrites a file.'));
  });

  it.each([
    [{ date: '2021-02-30' }, '--date: 2021-02-30 is not a day of the calendar'],
    [{ date: '15.01.2021' }, '--date: expected a date as YYYY-MM-DD, e.g. 2021-01-15, got "15.01.2021"'],
    [{ id: 'Issue 35' }, '--id: "Issue 35" is not an issue id: use lower-case letters, digits and "-", e.g. 2021-01-nr35'],
    [{ lang: ['german'] }, '--lang: "german" is not a language tag like de, en or pt-BR'],
    [{ subject: 'two\nlines' }, '--subject: the subject must be one line'],
    [{ subject: 'x'.repeat(201) }, '--subject: the subject must be at most 200 characters, got 201'],
    [{ lang: ['fr'] }, '--lang: "fr" is not one of the newsletter\'s languages (en); add it to "languages" in the config first'],
  ])('rejects the flag %j', async (flags, message) => {
    project(['en']);
    await expect(runNew(newInput({ yes: true, ...flags }), scriptedTerminal().terminal, TODAY)).rejects.toThrow(new UsageError(message));
  });

  it('refuses to ask without a terminal', async () => {
    project(['en']);
    const call = runNew(newInput(), { ...scriptedTerminal().terminal, interactive: false }, TODAY);
    await expect(call).rejects.toThrow(new UserError('"new" asks questions, but there is no terminal to ask them in.'));
  });

  it('says when there is no project', async () => {
    process.chdir(tempProject());
    const call = runNew(newInput({ yes: true }), scriptedTerminal().terminal, TODAY);
    await expect(call).rejects.toThrow(/^no newsletter\.config\.yaml in .+ or any parent folder$/);
  });
});

import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runInit } from '../../src/cli/commands/init.js';
import { UsageError, UserError } from '../../src/errors.js';
import { captureOutput } from '../helpers/captured-output.js';
import { tempProject } from '../helpers/cli.js';
import { scriptedTerminal } from '../helpers/scripted-terminal.js';

const TODAY = '2021-01-15';

const output = captureOutput();

function initInput(dir: string, options: Record<string, unknown> = {}) {
  return { args: [dir], options, globals: options };
}

describe('init through its prompts', () => {
  it('asks name, sender, base URL and languages, then writes the project', async () => {
    const dir = tempProject();
    const term = scriptedTerminal();
    const done = runInit(initInput(dir), term.terminal, TODAY);
    await term.answer('Name of the newsletter', 'Connective Cities');
    await term.answer('Sender', 'Connective Cities <news@connective.example>');
    await term.answer('Public base URL', 'https://news.connective.example/');
    await term.answer('Languages', 'de,en');
    expect(await done).toBe(0);

    const config = parse(readFileSync(join(dir, 'newsletter.config.yaml'), 'utf8'));
    expect(config).toMatchObject({
      name: 'Connective Cities',
      from: 'Connective Cities <news@connective.example>',
      base_url: 'https://news.connective.example',
      list_id: 'news.connective.example',
      default_language: 'de',
      languages: ['de', 'en'],
    });
    const de = parse(readFileSync(join(dir, 'issues/2021-01-nr1.de.yaml'), 'utf8'));
    const en = parse(readFileSync(join(dir, 'issues/2021-01-nr1.en.yaml'), 'utf8'));
    expect(de.subject).toBe('Willkommen bei Connective Cities');
    expect(en.subject).toBe('Welcome to Connective Cities');
    expect(readFileSync(join(dir, 'subscribers.csv'), 'utf8')).toBe('email,name,first_name,language\n');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.newsletter\/$/m);
    expect(existsSync(join(dir, 'templates'))).toBe(false);
    expect(output.stdout).toContain('newsletter preview issues/2021-01-nr1.de.yaml');
  });

  it('rejects a bad answer in the prompt and asks again', async () => {
    const dir = tempProject();
    const term = scriptedTerminal();
    const done = runInit(initInput(dir, { name: 'N', baseUrl: 'https://n.example', languages: 'en' }), term.terminal, TODAY);
    await term.answer('Sender', 'not an address');
    await term.waitFor('expected an address like "City Network <news@example.org>", got "not an address"');
    // the prompt keeps what was typed: clear it with backspaces, then type a good one
    term.type('\u007f'.repeat('not an address'.length));
    await term.answer('Sender', 'news@n.example');
    expect(await done).toBe(0);
    expect(parse(readFileSync(join(dir, 'newsletter.config.yaml'), 'utf8')).from).toBe('news@n.example');
  });

  it('asks before overwriting a file and keeps it when told no', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'subscribers.csv'), 'email\nreader@example.org\n');
    const term = scriptedTerminal();
    const done = runInit(initInput(dir, { name: 'N', from: 'n@n.example', baseUrl: 'https://n.example', languages: 'en' }), term.terminal, TODAY);
    await term.answer('subscribers.csv exists already. Overwrite it?', 'n');
    expect(await done).toBe(0);
    expect(readFileSync(join(dir, 'subscribers.csv'), 'utf8')).toBe('email\nreader@example.org\n');
    expect(existsSync(join(dir, 'newsletter.config.yaml'))).toBe(true);
    expect(output.stdout).toContain('subscribers.csv (kept as it was)');
  });

  it('overwrites when told yes', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, '.gitignore'), 'old\n');
    const term = scriptedTerminal();
    const done = runInit(initInput(dir, { name: 'N', from: 'n@n.example', baseUrl: 'https://n.example', languages: 'en' }), term.terminal, TODAY);
    await term.answer('.gitignore exists already. Overwrite it?', 'y');
    expect(await done).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('dist/');
  });

  it('leaves quietly with exit 130 on Ctrl-C, writing nothing', async () => {
    const dir = tempProject();
    const term = scriptedTerminal();
    const done = runInit(initInput(dir), term.terminal, TODAY);
    await term.answer('Name of the newsletter', 'X');
    await term.interrupt('Sender');
    expect(await done).toBe(130);
    expect(existsSync(join(dir, 'newsletter.config.yaml'))).toBe(false);
  });
});

describe('init without prompts', () => {
  it('refuses to ask without a terminal unless --yes is given', async () => {
    const term = scriptedTerminal();
    const call = runInit(initInput(tempProject()), { ...term.terminal, interactive: false }, TODAY);
    await expect(call).rejects.toThrow(new UserError('"init" asks questions, but there is no terminal to ask them in.'));
  });

  it.each([
    [{ from: 'nobody' }, '--from: expected an address like "City Network <news@example.org>", got "nobody"'],
    // the config's own address rule: the next command would refuse a domain that is not ASCII
    [{ from: 'Städte <news@exämple.org>' }, '--from: expected an address like "City Network <news@example.org>", got "Städte <news@exämple.org>"'],
    [{ baseUrl: 'news.example.org' }, '--base-url: expected a URL like https://newsletter.example.org, got "news.example.org"'],
    [{ baseUrl: 'ftp://news.example.org' }, '--base-url: expected an https:// (or http://) URL, got "ftp://news.example.org"'],
    [{ languages: 'de,English' }, '--languages: "English" is not a language tag like de, en or pt-BR'],
    [{ languages: ' , ' }, '--languages: name at least one language, e.g. de or de,en'],
    [{ name: '  ' }, '--name: the name must not be empty'],
  ])('rejects the flag %j', async (flags, message) => {
    const dir = tempProject();
    const call = runInit(initInput(dir, { yes: true, ...flags }), scriptedTerminal().terminal, TODAY);
    await expect(call).rejects.toThrow(new UsageError(message));
    expect(existsSync(join(dir, 'newsletter.config.yaml'))).toBe(false);
  });

  it('proposes the sender from the name given with --yes', async () => {
    const dir = tempProject();
    expect(await runInit(initInput(dir, { yes: true, name: 'Städte "im" Dialog' }), scriptedTerminal().terminal, TODAY)).toBe(0);
    expect(parse(readFileSync(join(dir, 'newsletter.config.yaml'), 'utf8')).from).toBe('Städte im Dialog <newsletter@example.org>');
  });

  it('takes the defaults with --yes', async () => {
    const dir = tempProject();
    expect(await runInit(initInput(dir, { yes: true }), scriptedTerminal().terminal, TODAY)).toBe(0);
    const config = parse(readFileSync(join(dir, 'newsletter.config.yaml'), 'utf8'));
    expect(config).toMatchObject({ name: 'Our Newsletter', languages: ['en'], base_url: 'https://newsletter.example.org' });
    expect(existsSync(join(dir, 'issues/2021-01-nr1.en.yaml'))).toBe(true);
  });
});
